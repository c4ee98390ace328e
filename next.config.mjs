/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only packages stay outside the bundle and are required at run time.
  serverExternalPackages: ["better-sqlite3", "yaml"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks the whole project (app, lib, tests) with tsc before anything else; repeating it inside
  // every `next build` would double the build time of `npm start` and could fail a user's start on a test-only typing.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;

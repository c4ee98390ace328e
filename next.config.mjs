/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only packages stay outside the bundle and are required at run time.
  serverExternalPackages: ["better-sqlite3", "yaml"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks the whole project (app, lib, tests) with tsc before anything else; repeating it inside
  // every `next build` would double the build time of `npm start` and could fail a user's start on a test-only typing.
  typescript: { ignoreBuildErrors: true },
  // On every response. Pages also get a Content-Security-Policy with a per-request nonce from proxy.ts; API responses
  // are data, never documents to render, so theirs forbids everything (images stay viewable when opened directly).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" }],
      },
    ];
  },
};

export default nextConfig;

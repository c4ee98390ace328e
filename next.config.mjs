/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only packages stay outside the bundle and are required at run time.
  serverExternalPackages: ["better-sqlite3", "yaml"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;

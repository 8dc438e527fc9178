import type { MiddlewareHandler } from "hono";

/**
 * Headers on every console response. The Content-Security-Policy allows no script at all (the
 * console works without JavaScript) and no inline style; charts are inline SVG, which it allows.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header(
    "Content-Security-Policy",
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  c.header("X-Content-Type-Options", "nosniff");
  // The sign-in URL carries its token: never send it on as a referrer.
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Frame-Options", "DENY");
  c.header("Cache-Control", "no-store");
};

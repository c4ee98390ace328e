"use client";

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui", padding: 32 }}>
        <h1>The dashboard hit an unexpected error</h1>
        <p>Reference: {error.digest ?? "none"}. The details are in the server log.</p>
        <button onClick={() => reset()}>Try again</button> <a href="/">Go home</a>
      </body>
    </html>
  );
}

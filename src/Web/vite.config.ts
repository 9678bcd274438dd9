import { resolve } from "node:path";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Builds into the self-host's web folder (src/Host/web), which the host copies to its output as wwwroot/ and serves
// under /web/. Neither page is served as a file: GET /meet/{meetingId}?t=... checks the link's token and answers
// meet.html; the dashboard (index.html) is answered at / and at each of its client-side routes.
export default defineConfig({
  plugins: [react()],
  base: "/web/",
  build: {
    outDir: resolve(import.meta.dirname, "../Host/web"),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, "index.html"),
        meet: resolve(import.meta.dirname, "meet.html"),
      },
    },
  },
});

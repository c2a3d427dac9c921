import { defineConfig } from "vite";

// The desktop window loads the built files; no dev server is needed to run Simpul.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  oxc: { jsx: { runtime: "automatic" } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2021", chunkSizeWarningLimit: 1500 },
  clearScreen: false,
  publicDir: "../icons",
});

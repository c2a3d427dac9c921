import { defineConfig } from "vite";

// The desktop window loads the built files; no dev server is needed to run Simpul.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2021",
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // "use client" marks React server-component boundaries; this is a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  clearScreen: false,
  publicDir: "../icons",
});

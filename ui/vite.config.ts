import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The UI is loaded from Tauri's custom protocol; it never talks to the network.
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: ["safari16", "es2022"],
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  // Component tests run Svelte's browser build under jsdom.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test/catalogues.ts"],
  },
}));

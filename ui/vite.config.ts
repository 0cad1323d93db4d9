import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Tauri shell serves the built files under a strict CSP (no inline scripts or styles), so
// component CSS goes into the emitted stylesheet and nothing is injected at run time.
export default defineConfig({
  plugins: [
    svelte({
      compilerOptions: { css: 'external' },
    }),
  ],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK on current Linux distributions is at least as capable as Safari 15.
    target: 'safari15',
    sourcemap: false,
    // A data: URL would be fine for images, but keep every asset a file so the CSP stays simple.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    // The passphrase rating's dictionaries are one chunk of about 1.6 MB, loaded only when a
    // form asks for a new passphrase (src/lib/zxcvbn.ts); the app's own chunk stays far below.
    chunkSizeWarningLimit: 1800,
  },
});

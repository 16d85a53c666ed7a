// Copies the front-end assets into build/static, which Django serves as static files.
// Third-party files come from node_modules (installed by `npm ci`), never from a CDN,
// and are not committed. The output is built in a temporary folder and swapped in,
// so a server never sees half a build. KERN's fonts are not copied whole: Python's
// fontTools subsets them into the staging folder (frontend/subset_fonts.py); PYTHON names
// the interpreter that has it (make passes the project's virtual environment).
//
// Our scripts are ES modules, bundled by esbuild: each page loads one file with no
// imports of its own. Production serves static files under hashed names
// (collectstatic's manifest), which an `import "./mesh.js"` between files would miss.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const target = join(root, "build", "static");
const staging = `${target}.tmp`;

const copies = [
  // [from, to] relative to node_modules and the static root
  ["htmx.org/dist/htmx.min.js", "vendor/htmx/htmx.min.js"],
  ["htmx.org/LICENSE", "vendor/htmx/LICENSE"],
  ["@kern-ux/native/dist/kern.min.css", "vendor/kern/kern.min.css"],
  ["@kern-ux/native/LICENSE.md", "vendor/kern/LICENSE.md"],
];

// The scripts a page (or a browser test) loads, relative to frontend/src/js; every
// other module there is bundled into them. mesh.js stands alone too: the mesh's browser
// test (tests/browser/room/test_mesh.py) imports it by itself.
const scripts = [
  "room/room.js",
  "room/check.js",
  "room/mesh.js",
  "chat/chat.js",
  "chat/inbox.js",
  "session.js",
  // Every page loads site.js; sw.js is the service worker, served at /sw.js with its
  // settings in front (gemeinwerk/core/pwa.py).
  "site.js",
  "sw.js",
];
const scriptsFolder = join(root, "frontend", "src", "js");

rmSync(staging, { recursive: true, force: true });
for (const [from, to] of copies) {
  const source = join(modules, from);
  if (!existsSync(source)) {
    console.error(`missing ${source}: run \`npm ci\` first (make does this for you)`);
    process.exit(1);
  }
  mkdirSync(dirname(join(staging, to)), { recursive: true });
  cpSync(source, join(staging, to), { recursive: true });
}
const python = process.env.PYTHON || join(root, ".venv", "bin", "python");
const subset = spawnSync(
  python,
  [
    join(root, "frontend", "subset_fonts.py"),
    join(modules, "@kern-ux/native/dist/fonts/fira-sans"),
    join(staging, "vendor/kern/fonts"),
  ],
  { stdio: "inherit" },
);
if (subset.status !== 0) {
  console.error(`subsetting the fonts failed (${python}): is fontTools installed? make does this for you`);
  process.exit(1);
}
const sources = join(root, "frontend", "src");
cpSync(sources, join(staging, "gemeinwerk"), {
  recursive: true,
  filter: (path) => !(path.startsWith(scriptsFolder + sep) && path.endsWith(".js")),
});
await build({
  entryPoints: scripts.map((script) => join(scriptsFolder, script)),
  outbase: scriptsFolder,
  outdir: join(staging, "gemeinwerk", "js"),
  absWorkingDir: root, // the same output (and hashed name) wherever make runs from
  bundle: true,
  format: "esm",
  // Not minified: compressed, the bundle weighs what the separate files did (minifying
  // would save about 2 KB of the room's 10), and the browser's tools show it as written.
  charset: "utf8",
  logLevel: "warning",
});
// The facility profile's editor bundles TipTap and ProseMirror (about 840 KB as written):
// minified, so that a facility on a slow line waits for a third of it. Only this one:
// our own scripts stay readable in the browser's tools.
await build({
  entryPoints: [join(scriptsFolder, "profile", "editor.js")],
  outbase: scriptsFolder,
  outdir: join(staging, "gemeinwerk", "js"),
  absWorkingDir: root,
  bundle: true,
  format: "esm",
  minify: true,
  legalComments: "linked",
  charset: "utf8",
  logLevel: "warning",
});
writeFileSync(join(staging, ".built"), new Date().toISOString() + "\n");

rmSync(target, { recursive: true, force: true });
mkdirSync(dirname(target), { recursive: true });
renameSync(staging, target);
console.log(`front end built into ${target}`);

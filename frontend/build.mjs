// Copies the front-end assets into build/static, which Django serves as static files.
// Third-party files come from node_modules (installed by `npm ci`), never from a CDN,
// and are not committed. The output is built in a temporary folder and swapped in,
// so a server never sees half a build. KERN's fonts are not copied whole: Python's
// fontTools subsets them into the staging folder (frontend/subset_fonts.py); PYTHON names
// the interpreter that has it (make passes the project's virtual environment).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
cpSync(join(root, "frontend", "src"), join(staging, "gemeinwerk"), { recursive: true });
writeFileSync(join(staging, ".built"), new Date().toISOString() + "\n");

rmSync(target, { recursive: true, force: true });
mkdirSync(dirname(target), { recursive: true });
renameSync(staging, target);
console.log(`front end built into ${target}`);

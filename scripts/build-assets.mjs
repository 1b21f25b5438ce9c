// Builds static_build/: GOV.UK Frontend's assets and script, our script, and our compiled Sass.
// Run by `make assets` (and so by `make demo` and `make test`). No network access at run time.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static_build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(govuk, "assets"), join(out, "assets"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(root, "static_src"), out, { recursive: true });
execFileSync(
  join(root, "node_modules", ".bin", "sass"),
  ["--pkg-importer=node", "--no-source-map", "--style=compressed", join(root, "scss", "main.scss"), join(out, "haven.css")],
  { stdio: "inherit" },
);
console.log("Built static assets into static_build/");

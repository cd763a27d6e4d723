/**
 * The import graph of the sources, read with the TypeScript compiler's own pre-processor (no
 * type-checking, so it is quick): for each file under the given folders, the repository-relative
 * files it imports (type-only imports included, since they couple modules as much as values do).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The repository root. */
export const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

function sourceFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** One module's imports: local files (repository-relative) and package specifiers. */
export interface ModuleImports {
  local: string[];
  packages: string[];
}

/** The graph of every `.ts` file under `folders` (repository-relative paths). */
export function importGraph(folders: readonly string[]): Map<string, ModuleImports> {
  const graph = new Map<string, ModuleImports>();
  for (const folder of folders) {
    for (const file of sourceFiles(join(REPOSITORY_ROOT, folder))) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const local: string[] = [];
      const packages: string[] = [];
      for (const { fileName } of info.importedFiles) {
        const target = resolveLocal(file, fileName);
        if (target !== undefined) local.push(relative(REPOSITORY_ROOT, target));
        else if (!fileName.startsWith('.')) packages.push(fileName);
      }
      graph.set(relative(REPOSITORY_ROOT, file), { local, packages });
    }
  }
  return graph;
}

/** Every cycle of the graph, each as the list of files around it (Tarjan's strongly connected components). */
export function importCycles(graph: ReadonlyMap<string, ModuleImports>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowLinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    lowLinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.local ?? []) {
      if (!graph.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        lowLinks.set(node, Math.min(lowLinks.get(node) ?? 0, lowLinks.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowLinks.set(node, Math.min(lowLinks.get(node) ?? 0, indices.get(next) ?? 0));
      }
    }
    if (lowLinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      for (;;) {
        const member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
        if (member === node) break;
      }
      const selfLoop = graph.get(node)?.local.includes(node) ?? false;
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) visit(node);
  return cycles;
}

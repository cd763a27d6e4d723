/** The types of scripts/layers.cjs (the layers of the code, as data). */

/** One layer: its files and what it may import. */
export interface Layer {
  /** Its name, as other layers' `mayImport` and the architecture table say it. */
  name: string;
  /** `dir/` (everything under it), a file, or a file name with `*`. */
  files: string[];
  /** Files of `files` that belong to another layer. */
  except?: string[];
  /** One line for the architecture table. */
  what: string;
  /** The layers (or single files of another layer) it may import. */
  mayImport: string[];
  /** Whether it may import the AWS SDK. */
  sdk: boolean;
}

/** Every layer, lowest first. */
export const LAYERS: Layer[];
/** Every layer that holds the repository-relative `file`. */
export function layersOf(file: string): Layer[];
/** Why `from` may not import `target` (repository-relative files), or undefined when it may. */
export function fenceBetween(from: string, target: string): string | undefined;
/** Why `from` may not import the package `specifier`, or undefined when it may. */
export function packageFence(from: string, specifier: string): string | undefined;
/** The architecture table, as Markdown. */
export function renderLayerTable(): string;
/** docs/architecture.md (or `text`) with the layer table printed afresh. */
export function architectureDoc(text?: string): string;
/** The path of docs/architecture.md. */
export const ARCHITECTURE_DOC: string;
/** The eslint plugin whose `fence` rule enforces the layers. */
export const plugin: { meta: { name: string }; rules: Record<string, unknown> };

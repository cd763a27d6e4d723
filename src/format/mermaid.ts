/**
 * A Mermaid flowchart of one leaking VPC (GitHub and GitLab render ```mermaid blocks): subnets →
 * route tables → targets, leaking edges drawn thick and red. Labels are escaped with Mermaid's
 * entity codes, so a tag cannot break out of its label.
 */
import { oneLine } from './text-width';
import type { VpcGraph } from './vpc-graph';

/** A label safe inside Mermaid double quotes. */
export function mermaidText(text: string): string {
  return oneLine(text).replace(/[#"<>&`\\[\]{}|]/g, (char) => `#${char.codePointAt(0) ?? 32};`);
}

/** The flowchart of a VPC's diagram, as the lines of a ```mermaid block (fences excluded). */
export function mermaidFlowchart(graph: VpcGraph): string[] {
  const ids = new Map(graph.nodes.map((node, index) => [node.id, `n${index}`]));
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const parts = [
      node.label,
      node.name,
      node.path && node.kind === 'target' ? node.path : undefined,
      node.cost,
    ];
    const label = parts
      .filter((p): p is string => p !== undefined && p !== '')
      .map(mermaidText)
      .join('<br/>');
    const id = ids.get(node.id) ?? 'n';
    lines.push(node.kind === 'route-table' ? `  ${id}[/"${label}"/]` : `  ${id}["${label}"]`);
  }
  const leakingLinks: number[] = [];
  graph.edges.forEach((edge, index) => {
    const label = edge.flows.length > 0 ? `|${edge.flows.map(mermaidText).join(', ')}|` : '';
    lines.push(`  ${ids.get(edge.from) ?? 'n'} -->${label} ${ids.get(edge.to) ?? 'n'}`);
    if (edge.leaking) leakingLinks.push(index);
  });
  if (leakingLinks.length > 0) {
    lines.push(`  linkStyle ${leakingLinks.join(',')} stroke:#d33,stroke-width:3px`);
  }
  const leakingNodes = graph.nodes.filter((n) => n.leaking).map((n) => ids.get(n.id) ?? 'n');
  if (leakingNodes.length > 0) {
    lines.push(
      '  classDef leak stroke:#d33,stroke-width:2px',
      `  class ${leakingNodes.join(',')} leak`,
    );
  }
  return lines;
}

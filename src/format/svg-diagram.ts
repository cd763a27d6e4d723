/**
 * The SVG picture of one leaking VPC: three columns (subnets, route tables, targets) joined by
 * curves; leaking edges carry `class="edge leaking"` and `data-leaking="true"` (what the browser test
 * and a reader's eye look for). All text is escaped.
 */
import { pathDiagramWord } from '../path-kinds';
import { escapeHtml } from './html-escape';
import { shorten } from './text-width';
import type { GraphNode, VpcGraph } from './vpc-graph';

const BOX_WIDTH = 250;
const BOX_HEIGHT = 44;
const ROW_GAP = 12;
const COLUMN_GAP = 90;
const PAD = 8;

const COLUMN: Record<GraphNode['kind'], number> = {
  subnet: 0,
  more: 0,
  'route-table': 1,
  target: 2,
};

function secondLine(node: GraphNode): string {
  if (node.kind === 'target') {
    const words = node.path !== undefined ? pathDiagramWord(node.path) : '';
    return node.cost !== undefined ? `${words} · ${node.cost}` : words;
  }
  return node.name ?? '';
}

/** Renders the diagram as an inline `<svg>` element. */
export function svgDiagram(graph: VpcGraph): string {
  const rows = [0, 0, 0];
  const place = new Map<string, { x: number; y: number }>();
  for (const node of graph.nodes) {
    const column = COLUMN[node.kind];
    const row = rows[column] ?? 0;
    rows[column] = row + 1;
    place.set(node.id, {
      x: PAD + column * (BOX_WIDTH + COLUMN_GAP),
      y: PAD + row * (BOX_HEIGHT + ROW_GAP),
    });
  }
  const height = PAD * 2 + Math.max(1, ...rows) * (BOX_HEIGHT + ROW_GAP);
  const width = PAD * 2 + 3 * BOX_WIDTH + 2 * COLUMN_GAP;
  const parts: string[] = [
    `<svg class="diagram" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(`Diagram of ${graph.vpc.vpcId}`)}">`,
  ];
  for (const edge of graph.edges) {
    const from = place.get(edge.from);
    const to = place.get(edge.to);
    if (!from || !to) continue;
    const x1 = from.x + BOX_WIDTH;
    const y1 = from.y + BOX_HEIGHT / 2;
    const x2 = to.x;
    const y2 = to.y + BOX_HEIGHT / 2;
    const mid = (x1 + x2) / 2;
    const services = edge.services.join(' ');
    const flows = edge.flows.join(', ');
    parts.push(
      `<path class="edge${edge.leaking ? ' leaking' : ''}" data-leaking="${edge.leaking}" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}" data-services="${escapeHtml(services)}" data-flows="${escapeHtml(flows)}" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}"><title>${escapeHtml(`${edge.from} → ${edge.to}${flows ? ` (${flows})` : ''}${edge.leaking ? ': leaking' : ''}`)}</title></path>`,
    );
    if (flows) {
      parts.push(
        `<text class="edge-label" x="${mid}" y="${(y1 + y2) / 2 - 4}" text-anchor="middle">${escapeHtml(flows)}</text>`,
      );
    }
  }
  for (const node of graph.nodes) {
    const at = place.get(node.id);
    if (!at) continue;
    const second = secondLine(node);
    const title = [node.label, node.name, secondLine(node)].filter(Boolean).join(' · ');
    parts.push(
      `<g class="node ${node.kind}${node.leaking ? ' leaking' : ''}" data-id="${escapeHtml(node.id)}" data-kind="${node.kind}" data-leaking="${node.leaking}" transform="translate(${at.x},${at.y})">`,
      `<title>${escapeHtml(title)}</title>`,
      `<rect width="${BOX_WIDTH}" height="${BOX_HEIGHT}" rx="6"/>`,
      `<text x="8" y="18">${escapeHtml(shorten(node.label, 34))}</text>`,
      second ? `<text class="sub" x="8" y="35">${escapeHtml(shorten(second, 38))}</text>` : '',
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

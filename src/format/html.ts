import type { Report } from "../types";
export function formatHtml(report: Report): string { return JSON.stringify(report); }

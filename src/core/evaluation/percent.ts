/**
 * A ratio as a percentage with one decimal, the one rounding every view uses (docs/design.md): 0.1786 →
 * "17.9%", 0.047 → "4.7%", 1.2 → "120%" (a whole number drops its ".0"). Below 0 shows as 0%;
 * null as "-".
 */
export function percent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return "-";
  const tenths = Math.round(Math.max(0, ratio) * 1000);
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}%`;
}

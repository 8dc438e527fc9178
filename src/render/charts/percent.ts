/** A share as a percentage with one decimal, as everywhere in the digests: 0.6543 -> "65.4%". */
export function percentLabel(ratio: number): string {
  return `${(Math.round(ratio * 1000) / 10).toFixed(1)}%`;
}

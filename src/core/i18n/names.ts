/**
 * A contact's name with their units, written once: `张三（省教育厅）`, but `示例联络人（省教育厅）`
 * as it is when the name already carries a unit in parentheses (the seed's example contacts).
 */
export function nameWithUnits(name: string, units: readonly string[], separator = "、"): string {
  if (units.length === 0 || /[（(].*[）)]\s*$/.test(name)) return name;
  return `${name}（${units.join(separator)}）`;
}

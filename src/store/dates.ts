/**
 * PostgreSQL `date` columns hold local calendar dates; Prisma hands them over as Dates at UTC
 * midnight. These helpers keep them as "YYYY-MM-DD" strings everywhere outside the store.
 */
export function toDateString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function fromDateString(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

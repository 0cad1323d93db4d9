// Small pieces of wording shared by the Backups screen and the reminder on Today.

export function hoursPhrase(hours: number): string {
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

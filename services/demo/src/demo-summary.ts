/** The demo's closing summary, as printed: ranking, votes, nominations, decisions, handover, time. */
import type { DemoSummary } from './demo.ts';

export function formatSummary(summary: DemoSummary): string {
  const lines = [`Summary — ${summary.clusterId}, ${summary.year}: evaluation ${summary.outcome}`, '', 'Ranking:'];
  for (const row of summary.ranking) lines.push(`  ${String(row.rank).padStart(2)}. ${(summary.names[row.memberId] ?? row.memberId).padEnd(28)} ${row.total.toFixed(2)}`);
  lines.push('', 'Secret ballot (tallies only):');
  if (summary.rounds.length === 0) lines.push('  no round was held');
  for (const round of summary.rounds) {
    const counts = Object.entries(round.counts).sort(([, a], [, b]) => b - a).map(([memberId, votes]) => `${summary.names[memberId] ?? memberId} ${votes}`).join(', ');
    lines.push(`  round ${round.round}: ${round.cast}/${round.eligible} ballots — ${counts || 'no votes'}`);
  }
  lines.push('', 'Nominations:');
  if (summary.nominations.length === 0) lines.push('  none');
  for (const nomination of summary.nominations) lines.push(`  ${summary.names[nomination.unitId] ?? nomination.unitId} — ${nomination.awardTypeId}: ${nomination.status} (${nomination.trackingCode})`);
  lines.push('', 'Decisions:');
  if (summary.decisions.length === 0) lines.push('  none');
  for (const decision of summary.decisions) lines.push(`  ${decision.number} — ${decision.authority} — ${summary.names[decision.unitId] ?? decision.unitId}`);
  const name = (memberId: string) => summary.names[memberId] ?? memberId;
  lines.push('', summary.handover ? `Handover: ${summary.handover.year} chair ${name(summary.handover.chair)}, deputy ${name(summary.handover.deputy)}` : 'Handover: not recorded');
  lines.push(`Mails sent: ${summary.mails}; links acted on: ${summary.actions}; time taken: ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

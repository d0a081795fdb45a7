namespace GovOrleans.Gateway.RateLimiting;

/// <summary>One sample of how loaded the cluster is.</summary>
/// <param name="MailboxLength">Requests waiting in grain mailboxes.</param>
/// <param name="CallLatencyP95Ms">p95 grain-call latency over the recent window, 0 when there were no calls.</param>
internal readonly record struct LoadSignal(long MailboxLength, double CallLatencyP95Ms);

namespace GovOrleans.Gateway.Audit;

/// <summary>
/// What happened, before it is placed in the chain. Holds only identifiers: the subject id, never a name or body.
/// </summary>
/// <param name="At">When the request completed.</param>
/// <param name="Actor">The subject id, or <c>anonymous</c>.</param>
/// <param name="Roles">The actor's roles, sorted and comma-separated.</param>
/// <param name="Action">HTTP method and route pattern, e.g. <c>GET /api/v1/cases/{id}</c>.</param>
/// <param name="Resource">The route values of the pattern's parameters, e.g. a case id; empty for collections.</param>
/// <param name="Outcome">The HTTP status code.</param>
/// <param name="TraceId">The W3C trace id, to join the record with logs and traces.</param>
internal sealed record AuditEntry(DateTimeOffset At, string Actor, string Roles, string Action, string Resource, int Outcome, string TraceId);

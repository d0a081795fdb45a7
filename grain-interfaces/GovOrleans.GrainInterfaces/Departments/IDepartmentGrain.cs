using System.Collections.Immutable;
using GovOrleans.GrainInterfaces.Cases;
using GovOrleans.GrainInterfaces.Common;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Abstractions.Concurrency;

namespace GovOrleans.GrainInterfaces.Departments;

/// <summary>A department, keyed by department code: staff, work queue and live counters.</summary>
public interface IDepartmentGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the configuration (operators, or the department's admins).</summary>
    Task<DepartmentView> ConfigureAsync(DepartmentDefinition definition, Actor actor);

    /// <summary>
    /// The department (operators, the department's staff, its systems with cases.read; others ForbiddenException);
    /// NotFoundException when not configured.
    /// </summary>
    [ReadOnly]
    Task<DepartmentView> GetAsync(Actor actor);

    /// <summary>
    /// Open cases, most urgent first (the department's staff, its systems with cases.read, operators; others ForbiddenException);
    /// NotFoundException when not configured. Cases of level <see cref="Catalogue.Confidentiality.CaseConfidential"/> or
    /// above appear only to their parties: the department's admins and systems, and the caseworker each is assigned to.
    /// </summary>
    [ReadOnly]
    Task<ImmutableArray<QueueItem>> GetQueueAsync(Actor actor);

    /// <summary>True when <paramref name="userId"/> is staff here with <paramref name="role"/>.</summary>
    [ReadOnly]
    Task<bool> HasStaffAsync(string userId, string role);

    /// <summary>
    /// Applies a case event to the queue and counters; idempotent (a case's older versions are ignored, and so is any
    /// event for a recently closed case). Every applied event increases <see cref="DepartmentView.QueueVersion"/>.
    /// </summary>
    Task OnCaseEventAsync(CaseEvent caseEvent);
}

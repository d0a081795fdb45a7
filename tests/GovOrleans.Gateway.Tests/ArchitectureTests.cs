using System.Reflection;
using System.Text.RegularExpressions;
using GovOrleans.Gateway.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GovOrleans.Gateway.Tests;

/// <summary>The gateway speaks to grains only through GrainInterfaces, and every endpoint declares who may call it.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void GatewayAssembly_DoesNotReferenceGrainsAssembly()
    {
        var references = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("GovOrleans.Grains", references);
        Assert.Contains("GovOrleans.GrainInterfaces", references);
    }

    [Fact]
    public void GatewaySource_HasNoGrainsUsingDirective()
    {
        var root = Path.Combine(RepositoryRoot(), "gateway");
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"\bGovOrleans\.Grains\b"))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void GatewayTypes_DoNotExposeGrainsTypes()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(all).Select(f => f.FieldType)
                .Concat(t.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Select(used => (t, used)))
            .Where(p => p.used.Namespace?.StartsWith("GovOrleans.Grains", StringComparison.Ordinal) == true)
            .Select(p => $"{p.t.FullName} uses {p.used.FullName}")
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void EveryApiEndpoint_DeclaresAuthorization()
    {
        var database = Path.Combine(Path.GetTempPath(), $"govorleans-arch-{Guid.NewGuid():N}.db");
        using var factory = new GatewayFactory(new Dictionary<string, string?> { ["Platform:Storage:ConnectionString"] = $"Data Source={database}" });
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .ToList();
        Assert.NotEmpty(endpoints);
        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.Empty(undeclared);
        Assert.Contains(endpoints, e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.Citizen));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GovOrleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}

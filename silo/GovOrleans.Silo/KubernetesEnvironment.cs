using Microsoft.Extensions.Configuration;

namespace GovOrleans.Silo;

/// <summary>
/// Maps the environment a Kubernetes pod gets from the downward API (and the Orleans-style service variables) onto the
/// silo's configuration keys, so one image runs as any pod: POD_IP → Silo:Endpoints:AdvertisedHost, POD_NAME →
/// Silo:SiloName (with POD_NAMESPACE as a prefix), GOVORLEANS_CLUSTER_ID / ORLEANS_CLUSTER_ID → Silo:ClusterId,
/// GOVORLEANS_SERVICE_ID / ORLEANS_SERVICE_ID → Silo:ServiceId. Unset variables change nothing; explicit configuration
/// given later (command line) still wins.
/// </summary>
public static class KubernetesEnvironment
{
    /// <summary>Adds the mapped values as an in-memory configuration source.</summary>
    public static IConfigurationBuilder AddKubernetesEnvironment(this IConfigurationBuilder configuration, Func<string, string?>? getVariable = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        getVariable ??= Environment.GetEnvironmentVariable;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (getVariable("POD_IP") is { Length: > 0 } podIp)
        {
            values["Silo:Endpoints:AdvertisedHost"] = podIp;
        }

        if (getVariable("POD_NAME") is { Length: > 0 } podName)
        {
            values["Silo:SiloName"] = getVariable("POD_NAMESPACE") is { Length: > 0 } ns ? $"{ns}/{podName}" : podName;
        }

        if ((getVariable("GOVORLEANS_CLUSTER_ID") ?? getVariable("ORLEANS_CLUSTER_ID")) is { Length: > 0 } clusterId)
        {
            values["Silo:ClusterId"] = clusterId;
        }

        if ((getVariable("GOVORLEANS_SERVICE_ID") ?? getVariable("ORLEANS_SERVICE_ID")) is { Length: > 0 } serviceId)
        {
            values["Silo:ServiceId"] = serviceId;
        }

        return configuration.AddInMemoryCollection(values);
    }
}

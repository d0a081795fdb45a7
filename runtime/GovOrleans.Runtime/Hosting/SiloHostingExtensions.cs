using System.Reflection;
using GovOrleans.Runtime.Abstractions;
using GovOrleans.Runtime.Catalog;
using GovOrleans.Runtime.Cluster;
using GovOrleans.Runtime.Invocation;
using GovOrleans.Runtime.Messaging;
using GovOrleans.Runtime.Reminders;
using GovOrleans.Runtime.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GovOrleans.Runtime.Hosting;

/// <summary>Adds a silo to a host.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Co-hosts a silo in this application and registers <see cref="IGrainFactory"/> for its endpoints.</summary>
    public static IHostApplicationBuilder UseGovOrleans(this IHostApplicationBuilder builder, Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddGovOrleansSilo(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Registers a silo's services and its hosted service.</summary>
    public static IServiceCollection AddGovOrleansSilo(this IServiceCollection services, IConfiguration configuration, Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(Silo)))
        {
            throw new InvalidOperationException("A silo is already registered in this service collection.");
        }

        services.AddGrainCallServices();
        services.AddOptions<GrainCollectionOptions>().BindConfiguration(GrainCollectionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<GrainCollectionOptions>, GrainCollectionOptionsValidator>();
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Catalog.Catalog>();
        services.AddSingleton<ActivationCollector>();
        services.AddSingleton<ReminderService>();
        services.AddSingleton<Silo>();
        services.AddHostedService(sp => sp.GetRequiredService<Silo>());

        configure(new SiloBuilder(services, configuration));

        // Only a silo given cluster tables joins a cluster; a single silo keeps none of these services.
        if (services.Any(d => d.ServiceType == typeof(Membership.IMembershipTable)))
        {
            services.AddClusterServices(hostsGrains: true);
            services.AddOptions<EndpointOptions>().BindConfiguration(EndpointOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<IncomingRequestDispatcher>();
            services.AddSingleton<ActivationRegistrar>();
        }

        return services;
    }

    /// <summary>
    /// What silos and clients both need to make grain calls. The invoker runs calls on the local catalog when there is
    /// one (a silo) and routes them through the cluster when cluster tables are configured (a clustered silo, a client).
    /// </summary>
    internal static IServiceCollection AddGrainCallServices(this IServiceCollection services)
    {
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GrainTypeOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DeepCopier>();
        services.AddSingleton<GrainTypeResolver>();
        services.AddSingleton<ResponseTimeoutTracker>();
        services.AddSingleton(sp => new GrainCallInvoker(
            sp.GetService<Catalog.Catalog>(),
            sp.GetService<Membership.IMembershipTable>() is null ? null : sp.GetRequiredService<ClusterRouter>(),
            sp.GetRequiredService<DeepCopier>(),
            sp.GetRequiredService<ResponseTimeoutTracker>(),
            sp.GetServices<Abstractions.Filters.IOutgoingGrainCallFilter>()));
        services.AddSingleton<IGrainFactory, GrainFactory>();
        return services;
    }

    /// <summary>The transport, membership view and router shared by silos and clients.</summary>
    internal static IServiceCollection AddClusterServices(this IServiceCollection services, bool hostsGrains)
    {
        services.AddOptions<ClusterMembershipOptions>().BindConfiguration(ClusterMembershipOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>());
        services.AddOptions<TransportOptions>().BindConfiguration(TransportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClusterMembership>();
        services.AddSingleton<ConnectionManager>();
        services.AddSingleton<ClusterRouter>();
        services.AddSingleton(sp => new MessageCodec(
            hostsGrains ? new GrainMethodRegistry(sp.GetRequiredService<GrainTypeResolver>(), sp.GetRequiredService<DeepCopier>()) : null));
        return services;
    }

    /// <summary>Restricts grain class discovery to the given assemblies (by default every loaded assembly that references the abstractions).</summary>
    public static ISiloBuilder AddGrainAssembly(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<GrainTypeOptions>(o => o.Assemblies.Add(assembly));
        return builder;
    }

    /// <summary>Configures the silo's identity.</summary>
    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<SiloOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }
}

using System.Diagnostics.Metrics;
using Aict.ServiceDefaults.Telemetry;
using Yarp.ReverseProxy;

namespace Aict.Gateway.Proxy;

/// <summary>
/// The gateway's instruments in the <c>Aict</c> meter (YARP itself publishes EventCounters, no meter): instances in the
/// rotation, requests sent again, requests refused for want of an instance. The cluster label is a configured cluster id.
/// </summary>
internal sealed class GatewayMetrics
{
    private readonly Counter<long> _retries;
    private readonly Counter<long> _unavailable;

    public GatewayMetrics(IMeterFactory meters, IProxyStateLookup proxy)
    {
        var meter = meters.Create(AictMetrics.MeterName);
        _retries = meter.CreateCounter<long>("aict.gateway.retries", description: "Requests sent to another instance after theirs could not be reached.");
        _unavailable = meter.CreateCounter<long>("aict.gateway.unavailable", description: "Requests answered 503 because no instance was available.");
        meter.CreateObservableGauge("aict.gateway.destinations.available",
            () => proxy.GetClusters().Select(cluster => new Measurement<int>(cluster.DestinationsState.AvailableDestinations.Count, Cluster(cluster.ClusterId))),
            description: "Instances of each cluster in the rotation.");
    }

    public void Retried(string clusterId) => _retries.Add(1, Cluster(clusterId));

    public void Unavailable(string clusterId) => _unavailable.Add(1, Cluster(clusterId));

    private static KeyValuePair<string, object?> Cluster(string clusterId) => new("cluster", clusterId);
}

using System.Collections;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace Aict.Deploy.Tests.Services;

/// <summary>
/// The configuration keys a service really reads: its appsettings files, every options class with a <c>Section</c>
/// constant in its assembly and in ServiceDefaults (properties, recursively), its connection strings, and the keys the
/// host itself reads. A key matches when each segment does, <c>*</c> standing for a list index or dictionary key.
/// </summary>
public sealed class ConfigurationKeys
{
    // Read by ASP.NET Core and .NET themselves, not by an options class of ours.
    private static readonly string[] HostKeys =
    [
        "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "AllowedHosts",
        "Kestrel:Certificates:Default:Path", "Kestrel:Certificates:Default:Password", "Logging:LogLevel:*",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME",
        // OpenSSL's trust store on Linux, which .NET reads.
        "SSL_CERT_FILE",
    ];

    private readonly List<string[]> _patterns;

    private ConfigurationKeys(IEnumerable<string> patterns)
    {
        _patterns = [.. patterns.Distinct(StringComparer.OrdinalIgnoreCase).Select(pattern => pattern.Split(':'))];
    }

    public static ConfigurationKeys For(FleetService service)
    {
        var patterns = new List<string>(HostKeys);
        var settings = Directory.GetFiles(service.ProjectFolder, "appsettings*.json").Select(Flatten).SelectMany(keys => keys).ToList();
        patterns.AddRange(settings);
        patterns.Add($"ConnectionStrings:{RedisConnectionExtensions.ConnectionStringName}");
        foreach (var assembly in new[] { service.Assembly, typeof(RedisConnectionExtensions).Assembly })
        {
            foreach (var type in Loadable(assembly))
            {
                if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field && field.GetRawConstantValue() is string section)
                {
                    patterns.AddRange(Properties(type, section, depth: 0));
                }
            }
        }

        if (service == FleetService.Gateway)
        {
            // YARP's destinations of the clusters the gateway's appsettings declare.
            patterns.AddRange(settings.Where(key => key.StartsWith("ReverseProxy:Clusters:", StringComparison.Ordinal))
                .Select(key => string.Join(':', key.Split(':').Take(3)) + ":Destinations:*:Address"));
        }

        return new ConfigurationKeys(patterns);
    }

    /// <summary>Whether the configuration key (<c>A:B:C</c>, or the environment form <c>A__B__C</c>) is one the service reads.</summary>
    public bool IsKnown(string key)
    {
        var segments = key.Replace("__", ":", StringComparison.Ordinal).Split(':');
        return _patterns.Any(pattern => pattern.Length == segments.Length
            && pattern.Zip(segments).All(pair => pair.First == "*" || string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase)));
    }

    public IReadOnlyList<string> Unknown(IEnumerable<string> keys) => [.. keys.Where(key => !IsKnown(key)).Order(StringComparer.Ordinal)];

    private static IEnumerable<string> Properties(Type type, string prefix, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                if (property.CanWrite)
                {
                    yield return key;
                }

                continue;
            }

            var element = ElementType(propertyType);
            var path = element is null ? key : key + ":*";
            var inner = element ?? propertyType;
            if (IsScalar(inner))
            {
                yield return path;
            }
            else if (depth < 6)
            {
                foreach (var nested in Properties(inner, path, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri)
        || type == typeof(TimeSpan) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var arguments = type.GetGenericArguments();
            return arguments[^1];
        }

        return null;
    }

    private static IEnumerable<Type> Loadable(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }

    private static IEnumerable<string> Flatten(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return Flatten(document.RootElement, prefix: null).ToList();
    }

    private static IEnumerable<string> Flatten(JsonElement element, string? prefix) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Flatten(property.Value, prefix is null ? property.Name : $"{prefix}:{property.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(item => Flatten(item, $"{prefix}:*")),
        _ => prefix is null ? [] : [prefix],
    };
}

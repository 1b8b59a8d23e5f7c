using Microsoft.Extensions.Localization;

// The assembly is named IdentityServer, but MSBuild embeds these .resx files under the root
// namespace; without this the localizers look for "IdentityServer.Resources.Aict.IdentityServer.SharedResource"
// and every page shows its resource keys instead of its texts.
[assembly: RootNamespace("Aict.IdentityServer")]

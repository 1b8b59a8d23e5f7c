using Microsoft.Extensions.Localization;

// The assembly is named SsoPortal but its .resx files are embedded under the root namespace Aict.SsoPortal.
[assembly: RootNamespace("Aict.SsoPortal")]

using Microsoft.Extensions.Localization;

// Whatever ResourcesPath the host app configures, the library's texts stay in its own Resources folder.
[assembly: ResourceLocation("Resources")]

namespace Aict.Ui;

/// <summary>Marker for the shared layout pieces' texts in <c>Resources/UiText*.resx</c> (English and Korean).</summary>
public sealed class UiText;

using Microsoft.AspNetCore.Html;
using QRCoder;

namespace Aict.Ui;

/// <summary>QR codes drawn on the server as inline SVG: no image request, no third-party service, nothing a CSP must allow.</summary>
public static class QrCodes
{
    /// <summary>The QR code of <paramref name="text"/> (an otpauth URI, say) as an accessible SVG element labelled <paramref name="label"/>.</summary>
    public static IHtmlContent Svg(string text, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(
            new System.Drawing.Size(240, 240), "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
        var title = System.Net.WebUtility.HtmlEncode(label);
        // role=img with a title: screen readers announce what the picture is for.
        return new HtmlString(svg.Replace("<svg ", $"<svg role=\"img\" aria-label=\"{title}\" class=\"qr-code\" ", StringComparison.Ordinal));
    }
}

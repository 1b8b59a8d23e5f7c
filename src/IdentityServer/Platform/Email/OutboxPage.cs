using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Aict.IdentityServer.SignIn.Mfa.Sms;

namespace Aict.IdentityServer.Platform.Email;

/// <summary>The Development outbox (e-mail, then SMS) as a plain HTML page, every value HTML-encoded.</summary>
internal static class OutboxPage
{
    public static string Render(IReadOnlyList<SentEmail> messages, IReadOnlyList<SentSms> texts)
    {
        var html = new StringBuilder("""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8" /><title>Development outbox</title><link rel="stylesheet" href="/css/site.css" /></head>
            <body><main id="main" class="card outbox"><h1>Development outbox</h1><h2>E-mail</h2>
            """);
        if (messages.Count == 0)
        {
            html.Append("<p>No e-mail sent yet.</p>");
        }

        foreach (var sent in messages)
        {
            html.Append("<article class=\"outbox-message\"><dl>")
                .Append("<dt>To</dt><dd class=\"to\">").Append(Encode(sent.Message.To)).Append("</dd>")
                .Append("<dt>Subject</dt><dd class=\"subject\">").Append(Encode(sent.Message.Subject)).Append("</dd>")
                .Append("<dt>Sent</dt><dd>").Append(Encode(sent.SentAt.ToString("u", CultureInfo.InvariantCulture))).Append("</dd>")
                .Append("</dl><pre class=\"body\">").Append(Encode(sent.Message.Body)).Append("</pre></article>");
        }

        html.Append("<h2>SMS</h2>");
        if (texts.Count == 0)
        {
            html.Append("<p>No SMS sent yet.</p>");
        }

        foreach (var sent in texts)
        {
            html.Append("<article class=\"outbox-sms\"><dl>")
                .Append("<dt>To</dt><dd class=\"to\">").Append(Encode(sent.Message.To)).Append("</dd>")
                .Append("<dt>Sent</dt><dd>").Append(Encode(sent.SentAt.ToString("u", CultureInfo.InvariantCulture))).Append("</dd>")
                .Append("</dl><pre class=\"body\">").Append(Encode(sent.Message.Body)).Append("</pre></article>");
        }

        return html.Append("</main></body></html>").ToString();
    }

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}

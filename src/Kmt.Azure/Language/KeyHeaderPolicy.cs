using Azure.Core;
using Azure.Core.Pipeline;

namespace Kmt.Azure.Language;

/// <summary>Adds the resource key header to every try (Azure.Core's own key policy is internal to the SDKs).</summary>
internal sealed class KeyHeaderPolicy(string header, string key) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue(header, key);
}

using Microsoft.AspNetCore.Http.Features;

namespace EarTagTrace.Hub.Edge;

/// <summary>Endpoint metadata: this endpoint takes bodies up to the sheet limit instead of the default.</summary>
public sealed class SheetBodyLimit;

/// <summary>
/// Answers 413 before the body is read when Content-Length is over the endpoint's limit, and caps a body that comes
/// without a length (chunked) so reading past the limit fails as 413 too, never as a 500 or a full disk.
/// </summary>
public sealed class BodyLimitMiddleware(RequestDelegate next, IOptionsMonitor<LimitOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var o = options.CurrentValue;
        var endpoint = http.GetEndpoint();
        var limit = endpoint?.Metadata.GetMetadata<SheetBodyLimit>() is not null ? o.SheetBodyBytes
            : http.Request.Path.StartsWithSegments("/adapters") ? o.PartnerBodyBytes
            : o.DefaultBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            await ProblemWriter.WriteAsync(http.Response, StatusCodes.Status413PayloadTooLarge, "BODY_TOO_LARGE",
                $"the body is {http.Request.ContentLength} bytes; this endpoint takes at most {limit}");
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        if (http.Request.ContentLength is null && (HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method) || HttpMethods.IsPatch(http.Request.Method)))
            http.Request.Body = new CappedStream(http.Request.Body, limit);
        await next(http);
    }

    /// <summary>Thrown when a body without Content-Length grows past the limit; answered 413.</summary>
    public sealed class BodyTooLargeException(long limit) : Exception($"the body is larger than this endpoint's limit of {limit} bytes")
    {
        public long Limit { get; } = limit;
    }

    private sealed class CappedStream(Stream inner, long limit) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Count(await inner.ReadAsync(buffer, ct));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            _read += n;
            if (_read > limit) throw new BodyTooLargeException(limit);
            return n;
        }
    }
}

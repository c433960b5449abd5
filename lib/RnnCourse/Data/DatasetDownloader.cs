// Downloads a file so that the destination either holds the complete, verified file or does not
// change: bytes go to a temporary file in the destination's folder, the length is checked against
// Content-Length and (when given) the SHA-256 against the expected hash, and only then is the
// temporary file moved over the destination (an atomic rename on one file system). Any failure
// deletes the temporary file, so a cut-off transfer never leaves a partial file behind.
using System.Net;
using System.Security.Cryptography;

namespace RnnCourse.Data;

/// <summary>Bytes received so far and the total when the server announced it.</summary>
/// <param name="BytesReceived">Bytes written so far.</param>
/// <param name="TotalBytes">The Content-Length, or null when the server did not send one.</param>
public sealed record DownloadProgress(long BytesReceived, long? TotalBytes)
{
    /// <summary>Fraction done in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 ? (double)BytesReceived / TotalBytes.Value : null;
}

/// <summary>A download or dataset lookup failed; the message names the URL or path and the fix.</summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatasetException(string message, Exception? inner = null)
        : base(message, inner) { }
}

/// <summary>Safe HTTP downloads for datasets (temporary file, length and checksum checks, atomic move).</summary>
public static class DatasetDownloader
{
    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="destination"/>. Throws
    /// <see cref="DatasetException"/> on an HTTP error status, a connection failure, a transfer
    /// shorter or longer than Content-Length, or a SHA-256 mismatch; in every such case the
    /// destination is left as it was and no temporary file remains. Returns the SHA-256 (hex).
    /// </summary>
    /// <param name="url">Where to download from (http or https).</param>
    /// <param name="destination">The final path; its folder is created if needed.</param>
    /// <param name="progress">Called synchronously as bytes arrive (may be null).</param>
    /// <param name="expectedSha256">Lower- or upper-case hex SHA-256 the file must have (null: not checked).</param>
    /// <param name="timeout">Overall time limit (default 5 minutes: 2 MB on a slow link).</param>
    /// <param name="cancellationToken">Cancels the transfer (the temporary file is removed).</param>
    public static async Task<string> DownloadAsync(
        Uri url,
        string destination,
        IProgress<DownloadProgress>? progress = null,
        string? expectedSha256 = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        string folder = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(
            folder,
            $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.partial"
        );
        using var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(20),
            // A loopback URL (the tests' server) never goes through a proxy.
            UseProxy = !url.IsLoopback,
            AutomaticDecompression = DecompressionMethods.All,
        };
        using var client = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromMinutes(5) };
        long received = 0;
        long? total = null;
        try
        {
            using var response = await client
                .GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new DatasetException(
                    $"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}. "
                        + "Check the URL, or download the file by hand and place it as described in docs/text.md."
                );
            }
            total = response.Content.Headers.ContentLength;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (
                var source = await response
                    .Content.ReadAsStreamAsync(cancellationToken)
                    .ConfigureAwait(false)
            )
            await using (
                var file = new FileStream(
                    temp,
                    FileMode.CreateNew,
                    FileAccess.Write,
                    FileShare.None,
                    1 << 16,
                    useAsync: true
                )
            )
            {
                var buffer = new byte[1 << 16];
                progress?.Report(new DownloadProgress(0, total));
                int n;
                while (
                    (n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false))
                    > 0
                )
                {
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken)
                        .ConfigureAwait(false);
                    hash.AppendData(buffer, 0, n);
                    received += n;
                    progress?.Report(new DownloadProgress(received, total));
                }
            }
            if (total is long expected && received != expected)
            {
                throw new DatasetException(
                    $"The transfer from {url} was cut off: got {received} of {expected} bytes. Nothing was saved; try again."
                );
            }
            string sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (
                expectedSha256 is not null
                && !sha.Equals(expectedSha256, StringComparison.OrdinalIgnoreCase)
            )
            {
                throw new DatasetException(
                    $"The file from {url} is corrupt or changed: SHA-256 {sha}, expected {expectedSha256.ToLowerInvariant()}. "
                        + "Nothing was saved; try again, or update the expected checksum if the source changed on purpose."
                );
            }
            File.Move(temp, destination, overwrite: true);
            return sha;
        }
        catch (Exception e)
            when (e is HttpRequestException or IOException && e is not DatasetException)
        {
            string what =
                received > 0
                    ? $"The transfer from {url} broke after {received}{(total is long t ? $" of {t}" : "")} bytes ({e.Message})."
                    : $"Could not download {url} ({e.Message}).";
            throw new DatasetException(what + " Nothing was saved.", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DatasetException(
                $"Downloading {url} timed out after {client.Timeout.TotalSeconds:F0} s ({received} bytes received). Nothing was saved.",
                e
            );
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}

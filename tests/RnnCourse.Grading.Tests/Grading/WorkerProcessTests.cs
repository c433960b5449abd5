// The parent's handle on a worker process: its reader threads must end quietly when the worker is
// disposed under them. A reader that threw on its own thread would end the whole grading process
// (in CI it aborted the test host: ObjectDisposedException from a reader thread).
using System.Diagnostics;
using System.Text;
using RnnCourse.Grading.Grading;

namespace RnnCourse.Grading.Tests.Grading;

public sealed class WorkerProcessTests
{
    [Fact]
    public void Drain_StreamClosedUnderIt_EndsWithoutThrowing()
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 100_000)));
        var reader = new StreamReader(stream, Encoding.UTF8, false, bufferSize: 16);
        Assert.True(reader.Read() >= 0); // the reader has started on the stream
        stream.Dispose(); // what Process.Dispose does to a pipe a reader thread is still reading

        var error = Record.Exception(() => WorkerProcess.Drain(reader));

        Assert.Null(error);
    }

    [Fact]
    public void Dispose_WorkerAlreadyExited_NextReturnsNullWithoutWaiting()
    {
        for (int i = 0; i < 20; i++)
        {
            // A worker that has exited (as after a crash): Dispose releases the streams at once,
            // while the reader threads may be just starting.
            var psi = new ProcessStartInfo("/bin/sh", ["-c", "echo out; echo err 1>&2"])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var process = Process.Start(psi)!;
            process.WaitForExit();
            var worker = new WorkerProcess(process);
            worker.Dispose();

            var clock = Stopwatch.StartNew();
            Assert.Null(worker.Next(TimeSpan.FromSeconds(10))); // no event (the line has no nonce)
            Assert.True(
                clock.Elapsed < TimeSpan.FromSeconds(5),
                "Next waited for a worker that is gone."
            );
        }
    }
}

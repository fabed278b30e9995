using System.Runtime.InteropServices;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>POSIX calls .NET does not expose the way tests need them.</summary>
public static partial class Posix
{
    /// <summary>
    /// rename(2): atomically replaces <paramref name="to"/>, even when both are symlinks to
    /// directories (the kubelet's ..data swap); File.Move refuses a symlink to a directory.
    /// </summary>
    public static void Rename(string from, string to)
    {
        if (RenameNative(from, to) != 0)
        {
            throw new IOException($"rename {from} -> {to} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string from, string to);
}

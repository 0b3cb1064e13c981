/* TEST-ONLY stand-in for Windows' bcryptprimitives.dll, which Wine 8.0 lacks.
 * pydantic-core (Rust's standard library) imports ProcessPrng from it. Compiled by
 * packaging/windows/build.sh into the build and test Wine prefixes' system32 only;
 * it must never enter the bundle or the installer (build.sh fails if it does):
 * every real Windows 10/11 has its own. */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {   /* RtlGenRandom takes a ULONG length */
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}

/* Test stand-in for Windows' bcryptprimitives.dll, which Wine 8.0 lacks.
 *
 * FOR THE TEST WINE PREFIX ONLY: compiled into its system32 by
 * packaging/windows/tests.sh (and reused by build.sh for its smoke-test prefix).
 * It never enters the bundle or the installer: every Windows 10/11 has the real one.
 *
 * pydantic-core (its Rust standard library) imports one function from it:
 * ProcessPrng, which fills a buffer with random bytes and always returns TRUE.
 * Here it asks Wine's bcrypt.dll for the system RNG's bytes.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives.c -lbcrypt
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            ExitProcess(3);  /* the real one cannot fail either: never hand back unrandom bytes */
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}

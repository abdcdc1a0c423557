/* Stand-in for the x265 HEVC encoder library that PyAV's FFmpeg and pillow-heif's libheif link.
 *
 * Both link x265 only to encode (FFmpeg decodes HEVC itself, libheif with libde265), and Tripfold never
 * encodes HEVC: the highlight reel is H.264 (libx264) and photos are only read.  The two copies weigh
 * 21 MB each.  Built once per x265 ABI (-DX265_BUILD=216 for FFmpeg's, 217 for libheif's), this gives
 * the one entry point they bind, x265_api_get_<build>, and x265_cleanup.
 *
 * What an encoder then gets: libheif checks for no API (NULL) and reports the HEVC encoder unavailable;
 * FFmpeg's libx265 wrapper does not check, but it does check param_alloc(), so FFmpeg gets an API whose
 * every function returns 0 and fails to open the encoder with ENOMEM instead of crashing.
 */
#include <stddef.h>

#ifndef X265_BUILD
#error "build with -DX265_BUILD=<the soname number>"
#endif
#define CAT(a, b) a##b
#define API_GET(build) CAT(x265_api_get_, build)

static void *nothing(void) { return NULL; }

/* x265_api: eight ints, two strings, then function pointers (about 40; 64 leaves room). */
struct stub_api {
    int ints[8];
    const char *version_str, *build_info_str;
    void *(*functions[64])(void);
};
static struct stub_api api;

const void *API_GET(X265_BUILD)(int bit_depth)
{
    if (X265_NULL_API || (bit_depth != 0 && bit_depth != 8))
        return NULL;
    if (api.functions[0] == NULL) {
        api.version_str = api.build_info_str = "none (not bundled)";
        for (size_t i = 0; i < sizeof api.functions / sizeof api.functions[0]; i++)
            api.functions[i] = nothing;
    }
    return &api;
}

void x265_cleanup(void) {}

/* The real library also exports two functions of the libstdc++ it was built with (GCC 14), which
 * libheif binds from it because an older system libstdc++ lacks them: std::__throw_bad_array_new_length,
 * called by new[] with a bad length (thrown the same way, through the C++ ABI's own function, present
 * since GCC 4.9), and the iostream initialiser GCC 13 references, which does nothing here. */
extern void __cxa_throw_bad_array_new_length(void) __attribute__((noreturn));
void _ZSt28__throw_bad_array_new_lengthv(void) { __cxa_throw_bad_array_new_length(); }
void _ZSt21ios_base_library_initv(void) {}

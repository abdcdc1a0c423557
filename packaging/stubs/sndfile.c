/* Stand-in for libsndfile (0.5 MB, and the FLAC, Vorbis, Opus, mpg123 and LAME libraries it links: 3 MB
 * in all), which the system's libpulsecommon links for its pa_sndfile_* helpers: the sample files that
 * pacat, paplay and the PulseAudio daemon read and write.  In Tripfold's process nothing calls those
 * helpers (libpulse, Qt Multimedia and its plugin bind none of them: nm -D, checked by
 * tests/core/test_stand_ins.py), so the sf_* functions they call are never reached; each answers
 * libsndfile's "unrecognised format" or zero frames. */
#include <stddef.h>

#define SF_ERR_UNRECOGNISED_FORMAT 1

int sf_command(void *file, int command, void *data, int size)
{
    (void)file, (void)command, (void)data, (void)size;
    return 0;
}
const char *sf_error_number(int number)
{
    (void)number;
    return "libsndfile is not in this build of Tripfold";
}
const char *sf_get_string(void *file, int type)
{
    (void)file, (void)type;
    return NULL;
}
#define FRAMES(name, type) \
    long long name(void *file, type *data, long long frames) { (void)file, (void)data, (void)frames; return 0; }
FRAMES(sf_readf_float, float)
FRAMES(sf_readf_int, int)
FRAMES(sf_readf_short, short)
FRAMES(sf_writef_float, const float)
FRAMES(sf_writef_int, const int)
FRAMES(sf_writef_short, const short)

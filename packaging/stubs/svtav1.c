/* Stand-in for SVT-AV1's encoder library (libSvtAv1Enc, 7 MB), which PyAV's FFmpeg links for its
 * libsvtav1 encoder.  Tripfold never encodes AV1 (AV1 videos are decoded by dav1d, which stays; the reel
 * is H.264), so every call answers "insufficient resources" and FFmpeg fails to open that encoder. */
#include <stddef.h>
#include <stdint.h>

#define EB_ErrorInsufficientResources ((int32_t)0x80001000)

int32_t svt_av1_enc_init_handle(void **handle, void *app, void *config)
{
    (void)app;
    (void)config;
    if (handle)
        *handle = 0;
    return EB_ErrorInsufficientResources;
}
int32_t svt_av1_enc_set_parameter(void *h, void *c) { (void)h; (void)c; return EB_ErrorInsufficientResources; }
int32_t svt_av1_enc_parse_parameter(void *c, const char *n, const char *v)
{
    (void)c;
    (void)n;
    (void)v;
    return EB_ErrorInsufficientResources;
}
int32_t svt_av1_enc_init(void *h) { (void)h; return EB_ErrorInsufficientResources; }
int32_t svt_av1_enc_stream_header(void *h, void **out) { (void)h; (void)out; return EB_ErrorInsufficientResources; }
int32_t svt_av1_enc_stream_header_release(void *b) { (void)b; return EB_ErrorInsufficientResources; }
int32_t svt_av1_enc_send_picture(void *h, void *p) { (void)h; (void)p; return EB_ErrorInsufficientResources; }
int32_t svt_av1_enc_get_packet(void *h, void **p, unsigned char done)
{
    (void)h;
    (void)p;
    (void)done;
    return EB_ErrorInsufficientResources;
}
void svt_av1_enc_release_out_buffer(void **p) { (void)p; }
int32_t svt_av1_enc_get_stream_info(void *h, uint32_t id, void *info)
{
    (void)h;
    (void)id;
    (void)info;
    return EB_ErrorInsufficientResources;
}
int32_t svt_av1_enc_deinit(void *h) { (void)h; return EB_ErrorInsufficientResources; }
int32_t svt_av1_enc_deinit_handle(void *h) { (void)h; return EB_ErrorInsufficientResources; }
int svt_add_metadata(void *p, int type, const uint8_t *data, size_t size)
{
    (void)p;
    (void)type;
    (void)data;
    (void)size;
    return -1;
}
void svt_metadata_array_free(void *p) { (void)p; }

"""Libraries the wheels' FFmpeg (PyAV's av.libs) and libpq (psycopg2_binary.libs) link for things
Tripfold never does, and what each function their users bind answers in the stand-in that
packaging/slim.py generates for it (``generated_stand_in``).

Tripfold opens LOCAL files, decodes photos and videos with FFmpeg's own decoders (and dav1d for AV1),
encodes the reel as H.264 with libx264 and no sound, and talks to PostgreSQL over TCP (SSL and Kerberos
stay).  FFmpeg picks a codec by id as the first one registered, and its own decoders come before the
external libraries' (vp8, vp9, opus, vorbis, speex, mp3, amrnb, amrwb, webp, h264 are FFmpeg's own;
tests/core/test_ffmpeg_stand_ins.py checks the pick on files of each kind).  So these are only reached
by asking for the library's codec by name (``libvpx-vp9``, ``libopus``...), by a network URL, or by a
capture device, none of which Tripfold does.

Each stand-in defines exactly the functions and data its remaining users bind (at their symbol
versions): a function answers the library's own error (``error``, or its entry in ``answers``; "S" is a
string saying the library is not in this build; "0" is NULL for functions returning a pointer), so
FFmpeg fails to open that codec, protocol or device and says so; a datum is zeroed memory of the
original's size.  The functions FFmpeg calls when it first lists its codecs (``init_static_data``:
libvpx's and libaom's capabilities and interfaces) answer "no capabilities" and a NULL interface,
which FFmpeg only reads.  ``known`` lists the functions reviewed: a newer wheel binding any other keeps
the original library (slim says so while building), so nothing unreviewed answers at random.

``EMPTY`` libraries are linked only by libraries replaced here: once every library linking them is a
stand-in they become empty libraries (their names must still resolve for nobody).
"""

from __future__ import annotations

from typing import NamedTuple


class Unused(NamedTuple):
    folder: str  # the wheels' library folders it is in, space-separated
    why: str  # why Tripfold never runs it
    error: str  # what a function answers (a C expression)
    known: str  # the functions reviewed, space-separated
    answers: dict[str, str] | None = None  # functions answering otherwise ("S": a string, "0": NULL)


S = "S"

UNUSED: dict[str, Unused] = {
    "libaom": Unused(
        "av.libs",
        "AV1 encoder libaom-av1 and its decoder; AV1 is decoded by dav1d, FFmpeg's pick for av1",
        "1",  # AOM_CODEC_ERROR
        "aom_codec_av1_cx aom_codec_av1_dx aom_codec_build_config aom_codec_control aom_codec_dec_init_ver "
        "aom_codec_decode aom_codec_destroy aom_codec_enc_config_default aom_codec_enc_init_ver "
        "aom_codec_encode aom_codec_err_to_string aom_codec_error aom_codec_error_detail aom_codec_get_caps "
        "aom_codec_get_cx_data aom_codec_get_frame aom_codec_set_option aom_codec_version "
        "aom_codec_version_str aom_img_add_metadata aom_img_remove_metadata aom_img_wrap",
        {
            "aom_codec_av1_cx": "0",
            "aom_codec_av1_dx": "0",
            "aom_codec_build_config": S,
            "aom_codec_version_str": S,
            "aom_codec_err_to_string": S,
            "aom_codec_error": S,
            "aom_codec_error_detail": "0",
            "aom_codec_get_caps": "0",
            "aom_codec_get_cx_data": "0",
            "aom_codec_get_frame": "0",
            "aom_codec_version": "0",
            "aom_img_wrap": "0",
            "aom_img_add_metadata": "-1",
        },
    ),
    "libvpx": Unused(
        "av.libs",
        "VP8/VP9 through libvpx (libvpx-vp8, libvpx-vp9); FFmpeg's own vp8 and vp9 decoders are its pick",
        "1",  # VPX_CODEC_ERROR
        "vpx_codec_build_config vpx_codec_control_ vpx_codec_dec_init_ver vpx_codec_decode vpx_codec_destroy "
        "vpx_codec_enc_config_default vpx_codec_enc_config_set vpx_codec_enc_init_ver vpx_codec_encode "
        "vpx_codec_err_to_string vpx_codec_error vpx_codec_error_detail vpx_codec_get_caps "
        "vpx_codec_get_cx_data vpx_codec_get_frame vpx_codec_set_frame_buffer_functions vpx_codec_version "
        "vpx_codec_version_str vpx_codec_vp8_cx vpx_codec_vp8_dx "
        "vpx_codec_vp9_cx vpx_codec_vp9_dx vpx_img_wrap",
        {
            "vpx_codec_vp8_cx": "0",
            "vpx_codec_vp8_dx": "0",
            "vpx_codec_vp9_cx": "0",
            "vpx_codec_vp9_dx": "0",
            "vpx_codec_build_config": S,
            "vpx_codec_version_str": S,
            "vpx_codec_err_to_string": S,
            "vpx_codec_error": S,
            "vpx_codec_error_detail": "0",
            "vpx_codec_get_caps": "0",
            "vpx_codec_get_cx_data": "0",
            "vpx_codec_get_frame": "0",
            "vpx_codec_version": "0",
            "vpx_img_wrap": "0",
        },
    ),
    "libopenh264": Unused(
        "av.libs",
        "H.264 through OpenH264 (libopenh264); FFmpeg's own h264 decoder is its pick, the reel is libx264",
        "1",  # WelsCreate* fail: FFmpeg checks for non-zero
        "WelsCreateDecoder WelsCreateSVCEncoder WelsDestroyDecoder WelsDestroySVCEncoder",
    ),
    "libwebp": Unused(
        "av.libs",
        "the libwebp encoder (FFmpeg decodes WebP itself)",
        "0",  # false, NULL
        "WebPCleanupTransparentArea WebPConfigInitInternal WebPEncode WebPFree WebPMemoryWrite "
        "WebPMemoryWriterClear WebPMemoryWriterInit "
        "WebPPictureFree WebPPictureInitInternal WebPValidateConfig",
    ),
    "libwebpmux": Unused(
        "av.libs",
        "the animated libwebp encoder",
        "0",
        "WebPAnimEncoderAdd WebPAnimEncoderAssemble WebPAnimEncoderDelete WebPAnimEncoderNewInternal "
        "WebPAnimEncoderOptionsInitInternal",
    ),
    "libmp3lame": Unused(
        "av.libs",
        "the MP3 encoder (the reel has no sound; MP3 is decoded by FFmpeg's own mp3 decoder)",
        "-1",
        "lame_close lame_encode_buffer lame_encode_buffer_float lame_encode_buffer_int lame_encode_flush "
        "lame_get_encoder_delay lame_get_framesize lame_init lame_init_params lame_set_VBR "
        "lame_set_VBR_mean_bitrate_kbps lame_set_VBR_quality lame_set_bWriteVbrTag lame_set_brate "
        "lame_set_copyright lame_set_disable_reservoir lame_set_in_samplerate lame_set_lowpassfreq "
        "lame_set_mode lame_set_num_channels lame_set_original lame_set_out_samplerate lame_set_quality",
        {"lame_init": "0"},
    ),
    "libtwolame": Unused(
        "av.libs",
        "the MP2 encoder",
        "-1",
        "twolame_close twolame_encode_buffer twolame_encode_buffer_float32 "
        "twolame_encode_buffer_float32_interleaved twolame_encode_buffer_interleaved twolame_encode_flush "
        "twolame_init twolame_init_params twolame_set_VBR twolame_set_VBR_level twolame_set_bitrate "
        "twolame_set_copyright twolame_set_energy_levels twolame_set_error_protection "
        "twolame_set_in_samplerate twolame_set_mode twolame_set_num_channels twolame_set_original "
        "twolame_set_out_samplerate twolame_set_psymodel twolame_set_verbosity",
        {"twolame_init": "0"},
    ),
    "libspeex": Unused(
        "av.libs",
        "Speex through libspeex; FFmpeg's own speex decoder is its pick",
        "-1",
        "speex_bits_destroy speex_bits_init speex_bits_nbytes speex_bits_pack speex_bits_peek_unsigned "
        "speex_bits_read_from speex_bits_remaining speex_bits_reset speex_bits_write speex_decode_int "
        "speex_decode_stereo_int speex_decoder_ctl speex_decoder_destroy speex_decoder_init speex_encode_int "
        "speex_encode_stereo_int speex_encoder_ctl speex_encoder_destroy "
        "speex_encoder_init speex_header_free "
        "speex_header_to_packet speex_init_header speex_lib_get_mode speex_nb_mode speex_packet_to_header "
        "speex_std_stereo_request_handler",
        {
            "speex_decoder_init": "0",
            "speex_encoder_init": "0",
            "speex_lib_get_mode": "0",
            "speex_packet_to_header": "0",
            "speex_header_to_packet": "0",
        },
    ),
    "libvorbis": Unused(
        "av.libs",
        "Vorbis through libvorbis; FFmpeg's own vorbis decoder is its pick",
        "-1",
        "vorbis_analysis vorbis_analysis_blockout vorbis_analysis_buffer vorbis_analysis_headerout "
        "vorbis_analysis_init vorbis_analysis_wrote vorbis_bitrate_addblock vorbis_bitrate_flushpacket "
        "vorbis_block_clear vorbis_block_init vorbis_comment_add_tag "
        "vorbis_comment_clear vorbis_comment_init "
        "vorbis_dsp_clear vorbis_info_clear vorbis_info_init vorbis_synthesis vorbis_synthesis_blockin "
        "vorbis_synthesis_headerin vorbis_synthesis_init vorbis_synthesis_pcmout vorbis_synthesis_read",
        {"vorbis_analysis_buffer": "0"},
    ),
    "libvorbisenc": Unused(
        "av.libs",
        "the libvorbis encoder",
        "-1",
        "vorbis_encode_ctl vorbis_encode_setup_init vorbis_encode_setup_managed vorbis_encode_setup_vbr",
    ),
    "libopencore-amrnb": Unused(
        "av.libs",
        "AMR-NB through OpenCORE; FFmpeg's own amrnb decoder is its pick",
        "0",  # the init functions answer NULL
        "Decoder_Interface_Decode Decoder_Interface_exit Decoder_Interface_init Encoder_Interface_Encode "
        "Encoder_Interface_exit Encoder_Interface_init",
        {"Encoder_Interface_Encode": "-1"},
    ),
    "libopencore-amrwb": Unused(
        "av.libs",
        "AMR-WB through OpenCORE; FFmpeg's own amrwb decoder is its pick",
        "0",
        "D_IF_decode D_IF_exit D_IF_init",
    ),
    "libopus": Unused(
        "av.libs",
        "Opus through libopus; FFmpeg's own opus decoder is its pick, and the reel has no sound",
        "-1",  # OPUS_BAD_ARG
        "opus_multistream_decode opus_multistream_decode_float opus_multistream_decoder_create "
        "opus_multistream_decoder_ctl opus_multistream_decoder_destroy opus_multistream_encode "
        "opus_multistream_encode_float opus_multistream_encoder_create opus_multistream_encoder_ctl "
        "opus_multistream_encoder_destroy opus_multistream_surround_encoder_create opus_strerror",
        {
            "opus_multistream_decoder_create": "0",
            "opus_multistream_encoder_create": "0",
            "opus_multistream_surround_encoder_create": "0",
            "opus_strerror": S,
        },
    ),
    "libgnutls": Unused(
        "av.libs",
        "TLS for https:// and tls:// URLs; Tripfold opens local files only",
        "-59",  # GNUTLS_E_INTERNAL_ERROR
        "gnutls_bye gnutls_certificate_allocate_credentials gnutls_certificate_free_credentials "
        "gnutls_certificate_get_peers gnutls_certificate_set_verify_flags "
        "gnutls_certificate_set_x509_key_file "
        "gnutls_certificate_set_x509_system_trust gnutls_certificate_set_x509_trust_file "
        "gnutls_certificate_type_get gnutls_certificate_verify_peers2 gnutls_credentials_set gnutls_deinit "
        "gnutls_error_is_fatal gnutls_global_deinit gnutls_global_init gnutls_handshake gnutls_init "
        "gnutls_record_recv gnutls_record_send gnutls_server_name_set gnutls_set_default_priority "
        "gnutls_strerror gnutls_transport_set_ptr gnutls_transport_set_pull_function "
        "gnutls_transport_set_push_function gnutls_x509_crt_check_hostname gnutls_x509_crt_deinit "
        "gnutls_x509_crt_import gnutls_x509_crt_init",
        {
            "gnutls_global_init": "0",  # avformat_network_init() calls it: it succeeds
            "gnutls_error_is_fatal": "1",  # so a handshake loop ends at once
            "gnutls_strerror": S,
            "gnutls_certificate_get_peers": "0",
            "gnutls_x509_crt_check_hostname": "0",  # does not match
        },
    ),
    "libgmp": Unused(
        "av.libs",
        "big numbers for the RTMPE handshake (rtmpe:// URLs)",
        "0",
        "__gmpz_add_ui __gmpz_clear __gmpz_cmp __gmpz_cmp_ui __gmpz_export __gmpz_fdiv_r_2exp __gmpz_import "
        "__gmpz_init2 __gmpz_mul_2exp __gmpz_powm __gmpz_set __gmpz_set_str __gmpz_set_ui __gmpz_sizeinbase "
        "__gmpz_sub_ui",
        {"__gmpz_set_str": "-1"},
    ),
    "libsrt": Unused(
        "av.libs",
        "the SRT network protocol (srt:// URLs)",
        "-1",  # SRT_ERROR, SRT_INVALID_SOCK
        "srt_accept srt_bind srt_cleanup srt_close srt_connect srt_create_socket srt_epoll_add_usock "
        "srt_epoll_create srt_epoll_release srt_epoll_wait srt_getlasterror srt_getlasterror_str "
        "srt_getsockopt srt_listen srt_recvmsg srt_sendmsg srt_setsockopt srt_startup",
        {"srt_getlasterror_str": S},
    ),
    "libasound": Unused(
        "av.libs",
        "libavdevice's ALSA capture and playback devices",
        "-19",  # -ENODEV
        "snd_device_name_free_hint snd_device_name_get_hint snd_device_name_hint snd_pcm_close snd_pcm_delay "
        "snd_pcm_drain snd_pcm_hw_params snd_pcm_hw_params_any snd_pcm_hw_params_free "
        "snd_pcm_hw_params_get_buffer_size_max snd_pcm_hw_params_get_period_size_min "
        "snd_pcm_hw_params_malloc snd_pcm_hw_params_set_access snd_pcm_hw_params_set_buffer_size_near "
        "snd_pcm_hw_params_set_channels snd_pcm_hw_params_set_format snd_pcm_hw_params_set_period_size_near "
        "snd_pcm_hw_params_set_rate_near snd_pcm_nonblock snd_pcm_open snd_pcm_prepare snd_pcm_readi "
        "snd_pcm_stream snd_pcm_writei snd_strerror",
        {"snd_strerror": S, "snd_device_name_get_hint": "0"},
    ),
    "libxcb": Unused(
        "av.libs pillow.libs",
        "libavdevice's X11 screen capture (x11grab), and Pillow's ImageGrab.grab() on X11 (OSError: "
        "X connection failed)",
        "0",  # NULL connection, replies and setup
        "xcb_close_font xcb_configure_window xcb_connect xcb_connection_has_error xcb_create_gc "
        "xcb_create_glyph_cursor xcb_create_window xcb_disconnect xcb_flush xcb_free_cursor xcb_free_gc "
        "xcb_generate_id xcb_get_geometry xcb_get_geometry_reply xcb_get_image xcb_get_image_data "
        "xcb_get_image_data_length xcb_get_image_reply xcb_get_setup xcb_grab_pointer xcb_grab_pointer_reply "
        "xcb_grab_server xcb_map_window xcb_open_font xcb_poly_rectangle xcb_query_pointer "
        "xcb_query_pointer_reply xcb_screen_next xcb_setup_pixmap_formats xcb_setup_pixmap_formats_length "
        "xcb_setup_roots_iterator xcb_translate_coordinates xcb_translate_coordinates_reply "
        "xcb_ungrab_pointer xcb_ungrab_server xcb_wait_for_event",
        {"xcb_connection_has_error": "1"},  # x11grab stops there: "Cannot open display"
    ),
    "libxcb-shape": Unused("av.libs", "x11grab", "0", "xcb_shape_rectangles"),
    "libxcb-shm": Unused(
        "av.libs",
        "x11grab",
        "0",
        "xcb_shm_attach xcb_shm_get_image xcb_shm_get_image_reply xcb_shm_query_version "
        "xcb_shm_query_version_reply",
    ),
    "libxcb-xfixes": Unused(
        "av.libs",
        "x11grab",
        "0",
        "xcb_xfixes_get_cursor_image xcb_xfixes_get_cursor_image_cursor_image "
        "xcb_xfixes_get_cursor_image_reply "
        "xcb_xfixes_query_version xcb_xfixes_query_version_reply",
    ),
    "libldap": Unused(
        "psycopg2_binary.libs",
        "libpq's LDAP lookup of connection parameters (ldap:// in a service file); Tripfold connects by URL",
        "-1",
        "ldap_count_entries ldap_err2string ldap_first_entry ldap_get_values_len ldap_init ldap_msgfree "
        "ldap_result ldap_search_st ldap_set_option ldap_simple_bind ldap_unbind ldap_value_free_len",
        {"ldap_init": "0", "ldap_first_entry": "0", "ldap_get_values_len": "0", "ldap_err2string": S},
    ),
}

#: Linked only by libraries above (or by other stand-ins: x265 links libmvec): empty once all of their
#: users are stand-ins.  GnuTLS's nettle, hogweed and libunistring; libsrt's OpenSSL 1.1 (av.libs'
#: own: libpq's OpenSSL 3 in psycopg2_binary.libs stays, libpq links it); libvorbis's libogg; the
#: vector maths of glibc that x265 and libvorbis link; libwebp's sharpyuv; libxcb's Xau; libldap's
#: liblber and Cyrus SASL.
EMPTY = (
    "libnettle",
    "libhogweed",
    "libunistring",
    "libssl",
    "libcrypto",
    "libogg",
    "libmvec-2",
    "libsharpyuv",
    "libXau",
    "liblber",
    "libsasl2",
)

#: The package folder whose extension modules may link a wheel's library folder.
PACKAGE_OF = {"av.libs": "av", "psycopg2_binary.libs": "psycopg2", "pillow.libs": "PIL"}

/* An empty stand-in for a library that is linked (DT_NEEDED) but none of whose symbols is used: Qt
 * Multimedia's FFmpeg plugin names libQt6Qml.so.6 without binding anything from it (checked with
 * nm -D against the real library); its version node is defined by empty.map all the same. */

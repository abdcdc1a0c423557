/* Stand-in for libQt6Quick.so.6 in the built program.
 *
 * Qt Multimedia's FFmpeg plugin (the in-window video player) links Qt Quick for one purpose only: its
 * window capture (QWindowCapture) grabs a QQuickWindow through QQuickWindow::grabWindow() after a
 * qobject_cast.  Tripfold never captures windows and has no Qt Quick window, yet the real library and
 * the Qml libraries it pulls in weigh 17 MB.  This library gives the plugin the two symbols it binds:
 * a meta-object no QObject inherits from (so the qobject_cast always fails) and a grabWindow() that
 * returns a null QImage, which the capture code treats as a failed grab.
 */

/* QImage::QImage(): the Itanium C++ ABI passes the object to construct as the first argument. */
extern void _ZN6QImageC1Ev(void *self);

/* QImage QQuickWindow::grabWindow(): a class returned by value comes back through a hidden first
 * argument, the QQuickWindow being the second. */
void *_ZN12QQuickWindow10grabWindowEv(void *result, void *self)
{
    (void)self;
    _ZN6QImageC1Ev(result);
    return result;
}

/* QQuickWindow::staticMetaObject: a QMetaObject (seven pointers) that is nobody's superclass. */
const void *_ZN12QQuickWindow16staticMetaObjectE[8] = {0};

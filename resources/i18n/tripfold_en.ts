<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name></name>
    <message numerus="yes">
        <location filename="../../app/ui/library_map.py" line="+160"/>
        <location filename="../../app/ui/timeline.py" line="+67"/>
        <source>%Ln photo(s)</source>
        <translation>
            <numerusform>%Ln photo</numerusform>
            <numerusform>%Ln photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%Ln of these photos</source>
        <translation>
            <numerusform>%Ln of these photos</numerusform>
            <numerusform>%Ln of these photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="+489"/>
        <source>Adding %Ln folder(s)</source>
        <translation>
            <numerusform>Adding %Ln folder</numerusform>
            <numerusform>Adding %Ln folders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+213"/>
        <source>%Ln named or labelled place(s) at a level you turned off (%1) will be removed.</source>
        <translation>
            <numerusform>%Ln place you named or labelled is at a level you turned off (%1) and will be removed.</numerusform>
            <numerusform>%Ln places you named or labelled are at levels you turned off (%1) and will be removed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>%Ln trip(s) (%1 new)</source>
        <translation>
            <numerusform>%Ln trip (%1 new)</numerusform>
            <numerusform>%Ln trips (%1 new)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <location filename="../../app/ui/tasks_view.py" line="+138"/>
        <source>%Ln place(s) estimated</source>
        <translation>
            <numerusform>%Ln place estimated</numerusform>
            <numerusform>%Ln places estimated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+72"/>
        <source>%Ln photo(s) with no place, in no trip</source>
        <translation>
            <numerusform>%Ln photo has no place and is in no trip</numerusform>
            <numerusform>%Ln photos have no place and are in no trip</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln without a date</source>
        <translation>
            <numerusform>%Ln has no date</numerusform>
            <numerusform>%Ln have no date</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+245"/>
        <source>%Ln estimated place(s) removed. The photos were not changed.</source>
        <translation>
            <numerusform>Estimated place removed. The photo was not changed.</numerusform>
            <numerusform>%Ln estimated places removed. The photos were not changed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>%Ln deleted trip(s) restored.</source>
        <translation>
            <numerusform>%Ln deleted trip restored.</numerusform>
            <numerusform>%Ln deleted trips restored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/messages.py" line="+100"/>
        <location filename="../../app/ui/timeline.py" line="-7"/>
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln day</numerusform>
            <numerusform>%Ln days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/options.py" line="+162"/>
        <location filename="../../app/ui/trip_options.py" line="+69"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/tasks_view.py" line="-18"/>
        <source>%Ln file(s) read</source>
        <translation>
            <numerusform>%Ln file read</numerusform>
            <numerusform>%Ln files read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln unchanged</source>
        <translation>
            <numerusform>%Ln unchanged</numerusform>
            <numerusform>%Ln unchanged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln could not be read</source>
        <translation>
            <numerusform>%Ln could not be read</numerusform>
            <numerusform>%Ln could not be read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln no longer there</source>
        <translation>
            <numerusform>%Ln no longer there</numerusform>
            <numerusform>%Ln no longer there</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln trip(s) found</source>
        <translation>
            <numerusform>%Ln trip found</numerusform>
            <numerusform>%Ln trips found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%Ln place visit(s)</source>
        <translation>
            <numerusform>%Ln place visit</numerusform>
            <numerusform>%Ln place visits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln photo(s) chosen</source>
        <translation>
            <numerusform>%Ln photo chosen</numerusform>
            <numerusform>%Ln photos chosen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>saved in %Ln form(s)</source>
        <translation>
            <numerusform>saved in %Ln form</numerusform>
            <numerusform>saved in %Ln forms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+80"/>
        <source>&lt;b&gt;%Ln file(s) could not be read&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln file could not be read&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%Ln files could not be read&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>&lt;b&gt;%Ln file(s) without a place or a time&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln file without a place or a time&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%Ln files without a place or a time&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/timeline.py" line="+9"/>
        <source>%Ln video(s)</source>
        <translation>
            <numerusform>%Ln video</numerusform>
            <numerusform>%Ln videos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+97"/>
        <source>%Ln place(s)</source>
        <translation>
            <numerusform>%Ln place</numerusform>
            <numerusform>%Ln places</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/trip_options.py" line="+1"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n photo</numerusform>
            <numerusform>%n photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/trip_page.py" line="+102"/>
        <source>Don&apos;t use the estimated place(s) of %Ln photo(s)?</source>
        <translation>
            <numerusform>Don&apos;t use the estimated place of this photo?</numerusform>
            <numerusform>Don&apos;t use the estimated places of these %Ln photos?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/trip_timeline.py" line="+37"/>
        <source>%Ln estimated</source>
        <translation>
            <numerusform>%Ln estimated</numerusform>
            <numerusform>%Ln estimated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+67"/>
        <source>%Ln trip(s)</source>
        <translation>
            <numerusform>%Ln trip</numerusform>
            <numerusform>%Ln trips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Place(s) of %Ln photo(s) estimated from photos taken nearby in time</source>
        <translation>
            <numerusform>The place of %Ln photo was estimated from photos taken nearby in time</numerusform>
            <numerusform>The places of %Ln photos were estimated from photos taken nearby in time</numerusform>
        </translation>
    </message>
</context>
</TS>

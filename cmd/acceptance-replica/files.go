package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// fileStorage turns on PocketBase's S3 file storage and S3 backups against the same server and
// checks that an avatar, an attachment and a backup land there as objects, and that Folio
// serves the avatar back from S3.
func fileStorage(b bins, s3 *s3Server, work string) error {
	for _, bucket := range []string{"files", "backups"} {
		if err := s3.bucket(bucket); err != nil {
			return err
		}
	}
	f, err := startFolio(b.folio, filepath.Join(work, "files-data"), nil)
	if err != nil {
		return err
	}
	defer f.kill()
	su, user, space, err := session(f.base)
	if err != nil {
		return err
	}
	conf := func(bucket string) map[string]any {
		return map[string]any{"enabled": true, "bucket": bucket, "region": s3Region, "endpoint": s3.endpoint(),
			"accessKey": s3Access, "secret": s3Secret, "forcePathStyle": true}
	}
	if err := su.do("PATCH", "/api/settings", map[string]any{"s3": conf("files"),
		"backups": map[string]any{"s3": conf("backups")}}, nil); err != nil {
		return err
	}

	img := pngBytes()
	var me struct {
		Record record `json:"record"`
	}
	if err := user.do("POST", "/api/collections/users/auth-refresh", nil, &me); err != nil {
		return err
	}
	var u record
	if err := user.upload("PATCH", "/api/collections/users/records/"+me.Record.ID, "avatar", "face.png", img, nil, &u); err != nil {
		return err
	}
	if err := objectHolds(s3, "files", u.Avatar, img); err != nil {
		return fmt.Errorf("avatar: %w", err)
	}
	resp, err := http.Get(f.base + "/api/files/users/" + u.ID + "/" + u.Avatar)
	if err != nil {
		return err
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(got, img) {
		return fmt.Errorf("avatar served from S3: %d, %d bytes, want %d", resp.StatusCode, len(got), len(img))
	}

	var att record
	if err := user.upload("POST", "/api/collections/attachments/records", "file", "diagram.png", img,
		map[string]string{"space": space, "path": "img/diagram.png"}, &att); err != nil {
		return err
	}
	if err := objectHolds(s3, "files", att.File, img); err != nil {
		return fmt.Errorf("attachment: %w", err)
	}

	if err := su.do("POST", "/api/backups", map[string]string{"name": "drill_backup.zip"}, nil); err != nil {
		return err
	}
	if err := waitFor(func() bool { return findObject(s3, "backups", "drill_backup.zip") != "" }, 30*time.Second,
		"backup object"); err != nil {
		return err
	}
	fmt.Println("S3 file storage: avatar, attachment and backup stored as objects in versitygw; avatar served back byte for byte")
	return nil
}

// objectHolds checks that the bucket has an object whose name ends in name with exactly want.
func objectHolds(s3 *s3Server, bucket, name string, want []byte) error {
	if name == "" {
		return fmt.Errorf("no file name in the record")
	}
	p := findObject(s3, bucket, name)
	if p == "" {
		return fmt.Errorf("no object %s in bucket %s", name, bucket)
	}
	got, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("object %s holds %d bytes, want %d", p, len(got), len(want))
	}
	return nil
}

// findObject returns the path on disk of the object named name in bucket (the POSIX backend
// stores an object as a file at its key).
func findObject(s3 *s3Server, bucket, name string) string {
	var found string
	_ = filepath.WalkDir(filepath.Join(s3.root, bucket), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == name {
			found = p
		}
		return nil
	})
	return found
}

func pngBytes() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for x := 0; x < 32; x++ {
		for y := 0; y < 32; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 8), 128, 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

// The composer: video or photos, the length checked before upload, uploads with a
// progress bar (POST /console/media, CSRF header), previews, and TikTok's disclosure notices.
"use strict";

(function () {
  const form = document.getElementById("composer");
  if (!form) return;
  const csrf = form.querySelector("input[name=csrf_token]").value;
  const maxDuration = Number(form.dataset.maxDuration || "0");
  const nickname = form.dataset.nickname || "this creator";
  const progress = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  const save = document.getElementById("save");
  const videoKey = document.getElementById("video-key");
  const photoKeys = document.getElementById("photo-keys");
  const previewVideo = document.getElementById("preview-video");
  const previewPhotos = document.getElementById("preview-photos");
  let uploading = 0;

  function say(text) { status.textContent = text; }

  function busy(delta) {
    uploading += delta;
    save.disabled = uploading > 0 || save.dataset.needsChoice === "yes";
  }

  function plainName(name) {
    let plain = name.replace(/[^A-Za-z0-9._-]/g, "-").slice(-120);
    if (!/^[A-Za-z0-9]/.test(plain)) plain = "f" + plain.slice(-119);
    return plain;
  }

  // One file to POST /console/media with the progress shown; resolves to its media key.
  function upload(file, label) {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("POST", "/console/media?name=" + encodeURIComponent(plainName(file.name)));
      request.setRequestHeader("X-CSRF-Token", csrf);
      request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
      request.responseType = "json";
      progress.hidden = false;
      progress.value = 0;
      request.upload.addEventListener("progress", (event) => {
        if (!event.lengthComputable) return;
        const percent = Math.round((event.loaded / event.total) * 100);
        progress.value = percent;
        progress.textContent = percent + "%";
        say("Uploading " + label + ": " + percent + "%");
      });
      request.addEventListener("load", () => {
        const answer = request.response;
        if (request.status === 201 && answer && answer.key) {
          progress.value = 100;
          resolve(answer.key);
        } else if (answer && answer.message) {
          reject(new Error(answer.message));
        } else {
          reject(new Error("the upload was refused (" + request.status + "); your session may have ended: sign in again"));
        }
      });
      request.addEventListener("error", () => reject(new Error("the connection failed")));
      request.send(file);
    });
  }

  // The video's length, read by the browser from the file before any byte is sent.
  function duration(file) {
    return new Promise((resolve) => {
      const url = URL.createObjectURL(file);
      previewVideo.src = url;
      previewVideo.hidden = false;
      previewVideo.addEventListener("loadedmetadata", () => resolve(previewVideo.duration), { once: true });
      previewVideo.addEventListener("error", () => resolve(NaN), { once: true });
    });
  }

  document.getElementById("video-file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    videoKey.value = "";
    const seconds = await duration(file);
    if (Number.isFinite(seconds) && maxDuration > 0 && seconds > maxDuration) {
      say("This video is " + Math.round(seconds) + " seconds long; " + nickname +
        " can post at most " + maxDuration + " seconds. Choose a shorter video.");
      status.setAttribute("role", "alert");
      event.target.value = "";
      return;
    }
    status.setAttribute("role", "status");
    busy(1);
    try {
      videoKey.value = await upload(file, file.name);
      say("Uploaded: " + file.name + (Number.isFinite(seconds) ? " (" + Math.round(seconds) + " s)" : ""));
    } catch (error) {
      say("Not uploaded: " + error.message);
    } finally {
      busy(-1);
    }
  });

  document.getElementById("photo-files").addEventListener("change", async (event) => {
    const files = Array.from(event.target.files).slice(0, 35);
    if (!files.length) return;
    photoKeys.replaceChildren();
    previewPhotos.replaceChildren();
    busy(1);
    try {
      for (const [index, file] of files.entries()) {
        const image = document.createElement("img");
        image.src = URL.createObjectURL(file);
        image.alt = "Photo " + (index + 1) + (index === 0 ? " (cover)" : "");
        image.width = 96;
        previewPhotos.append(image);
        const key = await upload(file, "photo " + (index + 1) + " of " + files.length);
        const field = document.createElement("input");
        field.type = "hidden";
        field.name = "photo_key";
        field.value = key;
        photoKeys.append(field);
      }
      say("Uploaded " + files.length + " photo(s).");
    } catch (error) {
      say("Not uploaded: " + error.message);
    } finally {
      busy(-1);
    }
  });

  // Video or photos: show the fields of the chosen kind.
  function showKind() {
    const kind = form.querySelector("input[name=kind]:checked").value;
    form.querySelectorAll("[data-kind]").forEach((part) => { part.hidden = part.dataset.kind !== kind; });
  }
  form.querySelectorAll("input[name=kind]").forEach((radio) => radio.addEventListener("change", showKind));

  // Commercial content: TikTok's labels, and branded content cannot be private.
  const disclose = document.getElementById("disclose");
  const yourBrand = document.getElementById("your-brand");
  const branded = document.getElementById("branded");
  const notice = document.getElementById("commercial-notice");
  const privacy = document.getElementById("privacy");
  function showDisclosure() {
    document.getElementById("commercial").hidden = !disclose.checked;
    const isBranded = disclose.checked && branded.checked;
    if (!disclose.checked) notice.textContent = "";
    else if (branded.checked) notice.textContent = "Your post will be labeled as “Paid partnership”.";
    else if (yourBrand.checked) notice.textContent = "Your post will be labeled as “Promotional content”.";
    else notice.textContent = "You need to indicate if your content promotes yourself, a third party, or both.";
    const selfOnly = privacy.querySelector("option[value=SELF_ONLY]");
    if (selfOnly) {
      selfOnly.disabled = isBranded;
      if (isBranded && privacy.value === "SELF_ONLY") privacy.value = "";
    }
    document.getElementById("privacy-branded-hint").hidden = !isBranded;
    document.getElementById("bc-policy").hidden = !isBranded;
    save.dataset.needsChoice = disclose.checked && !branded.checked && !yourBrand.checked ? "yes" : "";
    save.disabled = uploading > 0 || save.dataset.needsChoice === "yes";
  }
  [disclose, yourBrand, branded].forEach((box) => box.addEventListener("change", showDisclosure));
  showDisclosure();
})();

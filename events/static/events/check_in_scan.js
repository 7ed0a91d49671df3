/* Scanning check-in codes with the phone's camera: an enhancement of the check-in page.
 *
 * The code field and its button work without this script (typed, or typed by a hand-held
 * scanner that acts as a keyboard). Where the browser has a camera, this shows a "scan" button;
 * a code found in the picture is put in the field and the form is sent, exactly as if typed.
 * Decoding uses the browser's own BarcodeDetector where it exists, else jsQR (from npm, served
 * from our own static files). After the page comes back, scanning goes on until stopped,
 * ignoring the code it has just sent. */
(function () {
  "use strict";

  var form = document.getElementById("check-in-code-form");
  var button = document.getElementById("check-in-scan");
  var video = document.getElementById("check-in-video");
  var status = document.getElementById("check-in-scan-status");
  var media = navigator.mediaDevices;
  if (!form || !button || !video || !media || !media.getUserMedia) {
    return;
  }
  var input = form.elements.code;
  var KEY = "tsunagu-check-in-scanning";
  // The code just sent is still in front of the camera when the page comes back: skip it.
  var LAST = "tsunagu-check-in-last-code";
  var stream = null;
  var detect = detector();
  if (!detect) {
    return;
  }

  function detector() {
    if ("BarcodeDetector" in window) {
      var native = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function () {
        return native.detect(video).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      };
    }
    if (typeof window.jsQR === "function") {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function () {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var picture = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(picture.data, picture.width, picture.height, {
          inversionAttempts: "dontInvert",
        });
        return Promise.resolve(found ? found.data : null);
      };
    }
    return null;
  }

  function say(text) {
    status.textContent = text;
  }

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
    }
    stream = null;
    video.hidden = true;
    button.textContent = button.dataset.start;
  }

  function look() {
    if (!stream) {
      return;
    }
    var next = function () {
      window.setTimeout(look, 150);
    };
    if (video.readyState < 2) {
      next();
      return;
    }
    detect()
      .then(function (text) {
        if (!text || text === sessionStorage.getItem(LAST)) {
          next();
          return;
        }
        stop();
        sessionStorage.setItem(LAST, text);
        input.value = text;
        say(button.dataset.found);
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.submit();
        }
      })
      .catch(next);
  }

  function start() {
    say(button.dataset.starting);
    media
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (camera) {
        stream = camera;
        video.srcObject = camera;
        video.hidden = false;
        button.textContent = button.dataset.stop;
        sessionStorage.setItem(KEY, "1");
        say(button.dataset.aim);
        return video.play();
      })
      .then(look)
      .catch(function () {
        stop();
        sessionStorage.removeItem(KEY);
        say(button.dataset.denied);
        input.focus();
      });
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    if (stream) {
      stop();
      sessionStorage.removeItem(KEY);
      sessionStorage.removeItem(LAST);
      say("");
      input.focus();
    } else {
      start();
    }
  });
  if (sessionStorage.getItem(KEY) === "1") {
    start();
  }
})();

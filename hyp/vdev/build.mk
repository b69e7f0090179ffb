# Objects in hyp/vdev
obj-y +=
